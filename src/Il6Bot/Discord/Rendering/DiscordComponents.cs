using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Discord.Rendering;

/// <summary>
/// A reply's buttons as Discord message components: action rows (type 1) of at most
/// <see cref="DiscordLimits.Components.ButtonsPerRow"/> buttons (type 2), the button id as <c>custom_id</c>. Share stands out
/// (primary); the rest are secondary so the answer stays the focus.
/// </summary>
public static class DiscordComponents
{
    public const int ActionRowType = 1;
    public const int ButtonType = 2;
    public const int PrimaryStyle = 1;
    public const int SecondaryStyle = 2;

    /// <summary>The rows for <paramref name="buttons"/>, or null when there are none (the field is then left out).</summary>
    /// <remarks>Discord rejects a message whose components repeat a <c>custom_id</c>, so a repeated button is
    /// dropped; the reply's own limit (<see cref="Messages.Reply.MaxButtons"/>) already fits five full rows.</remarks>
    public static IReadOnlyList<DiscordActionRow>? Rows(IReadOnlyList<ReplyButton> buttons)
    {
        if (buttons.Count == 0)
        {
            return null;
        }

        var rows = new List<DiscordActionRow>((buttons.Count + DiscordLimits.Components.ButtonsPerRow - 1) / DiscordLimits.Components.ButtonsPerRow);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<DiscordButton>? row = null;
        foreach (var button in buttons)
        {
            if (button.Id.Length > DiscordLimits.Components.CustomId || !seen.Add(button.Id))
            {
                continue;
            }

            if (row is null || row.Count == DiscordLimits.Components.ButtonsPerRow)
            {
                if (rows.Count == DiscordLimits.Message.ActionRows)
                {
                    break;
                }

                row = new List<DiscordButton>(DiscordLimits.Components.ButtonsPerRow);
                rows.Add(new DiscordActionRow(ActionRowType, row));
            }

            row.Add(new DiscordButton(
                ButtonType,
                button.Action.Kind == ButtonKind.Share ? PrimaryStyle : SecondaryStyle,
                TextCut.Truncate(button.Label, DiscordLimits.Components.ButtonLabel, atWord: true),
                button.Id));
        }

        return rows.Count == 0 ? null : rows;
    }
}

/// <summary>An action row (type 1): up to five buttons side by side.</summary>
public sealed record DiscordActionRow(int Type, IReadOnlyList<DiscordButton> Components);

/// <summary>A non-link button (type 2); a click comes back as a MESSAGE_COMPONENT interaction with its <c>custom_id</c>.</summary>
public sealed record DiscordButton(int Type, int Style, string Label, string CustomId);
