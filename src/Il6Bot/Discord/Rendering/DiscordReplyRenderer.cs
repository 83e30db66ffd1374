using Il6Bot.Messages;

namespace Il6Bot.Discord.Rendering;

/// <summary>
/// Maps a neutral <see cref="Reply"/> to one or more Discord messages of embeds, each within every
/// Discord limit: the body becomes descriptions (split at block boundaries), each field one or more
/// embed fields ("Title (cont.)"), the footer goes on the last embed.
/// </summary>
public static class DiscordReplyRenderer
{
    /// <summary>The accent colour of every embed (a calm blue).</summary>
    public const int EmbedColor = 0x2E86C1;

    private const string EmptyValue = "\u200b";
    private const string Continued = " (cont.)";

    public static IReadOnlyList<DiscordMessagePayload> Render(Reply reply) => Render(reply, out _);

    /// <param name="degraded">True when something only fitted by being broken (see <see cref="MessageChunks.Degraded"/>);
    /// content preparation rejects that.</param>
    public static IReadOnlyList<DiscordMessagePayload> Render(Reply reply, out bool degraded)
    {
        var units = new List<Unit>();
        var title = reply.Title is null ? null : Truncate(reply.Title, DiscordLimits.Embed.Title);
        var description = DiscordMarkdown.RenderChunks(reply.Body, DiscordLimits.Embed.Description);
        degraded = description.Degraded;
        foreach (var chunk in description.Chunks)
        {
            units.Add(new Unit(UnitKind.Description, null, chunk));
        }

        foreach (var field in reply.Fields)
        {
            var name = Truncate(field.Title.Length == 0 ? EmptyValue : field.Title, DiscordLimits.Embed.FieldName);
            var contName = Truncate(field.Title, DiscordLimits.Embed.FieldName - Continued.Length) + Continued;
            var (values, fieldDegraded) = DiscordMarkdown.RenderChunks(field.Body, DiscordLimits.Embed.FieldValue);
            degraded |= fieldDegraded;
            if (values.Count == 0)
            {
                units.Add(new Unit(UnitKind.Field, name, EmptyValue));
            }

            for (var i = 0; i < values.Count; i++)
            {
                units.Add(new Unit(UnitKind.Field, i == 0 ? name : contName, values[i]));
            }
        }

        var footer = string.IsNullOrWhiteSpace(reply.Footer) ? null : Truncate(reply.Footer, DiscordLimits.Embed.Footer);
        var flags = reply.Ephemeral ? DiscordMessagePayload.EphemeralFlag : (int?)null;
        var messages = Pack(title, units, footer, flags);

        // Mentions inside embeds never ping, so the one a moderator chose goes in the first message's content, and
        // allowed_mentions names that role alone: whatever else the text holds pings nobody.
        if (reply.Mention is { Kind: MentionKind.Group, GroupId: { } roleId })
        {
            messages[0] = messages[0] with { Content = $"<@&{roleId}>", AllowedMentions = new DiscordAllowedMentions([], [roleId]) };
        }

        // Buttons sit under the whole answer, so under its last message.
        if (DiscordComponents.Rows(reply.Buttons) is { } rows)
        {
            messages[^1] = messages[^1] with { Components = rows };
        }

        return messages;
    }

    private enum UnitKind
    {
        Description,
        Field,
    }

    private sealed record Unit(UnitKind Kind, string? Name, string Text)
    {
        public int Chars => (Name?.Length ?? 0) + Text.Length;
    }

    private sealed class EmbedBuilder
    {
        public string? Title { get; set; }

        public string? Description { get; set; }

        public List<DiscordEmbedField> Fields { get; } = [];

        public string? Footer { get; set; }

        public DiscordEmbed Build() =>
            new(Title, Description, Fields.Count == 0 ? null : Fields, Footer is null ? null : new DiscordEmbedFooter(Footer), EmbedColor);
    }

    private static List<DiscordMessagePayload> Pack(string? title, List<Unit> units, string? footer, int? flags)
    {
        var messages = new List<DiscordMessagePayload>();
        var embeds = new List<EmbedBuilder>();
        var chars = 0;
        var pendingTitle = title;

        void Flush()
        {
            if (embeds.Count > 0)
            {
                messages.Add(new DiscordMessagePayload(null, embeds.Select(e => e.Build()).ToList(), flags, DiscordMessagePayload.NoMentions));
            }

            embeds = [];
            chars = 0;
        }

        EmbedBuilder NewEmbed(int cost)
        {
            if (embeds.Count == DiscordLimits.Message.Embeds || chars + cost > DiscordLimits.Embed.CharsPerMessage)
            {
                Flush();
            }

            var embed = new EmbedBuilder();
            embeds.Add(embed);
            return embed;
        }

        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];

            // The footer rides with the last unit, so reserve its room when placing that unit.
            var cost = unit.Chars + (i == units.Count - 1 ? footer?.Length ?? 0 : 0) + (pendingTitle?.Length ?? 0);
            var current = embeds.Count > 0 ? embeds[^1] : null;
            var fits = chars + cost <= DiscordLimits.Embed.CharsPerMessage;
            EmbedBuilder target;
            if (unit.Kind == UnitKind.Field && current is not null && fits && current.Fields.Count < DiscordLimits.Embed.Fields)
            {
                target = current;
            }
            else
            {
                target = NewEmbed(cost);
            }

            if (pendingTitle is not null)
            {
                target.Title = pendingTitle;
                chars += pendingTitle.Length;
                pendingTitle = null;
            }

            if (unit.Kind == UnitKind.Description)
            {
                target.Description = unit.Text;
            }
            else
            {
                target.Fields.Add(new DiscordEmbedField(unit.Name!, unit.Text));
            }

            chars += unit.Chars;
        }

        if (pendingTitle is not null || footer is not null)
        {
            var last = embeds.Count > 0 && chars + (footer?.Length ?? 0) <= DiscordLimits.Embed.CharsPerMessage ? embeds[^1] : NewEmbed((footer?.Length ?? 0) + (pendingTitle?.Length ?? 0));
            last.Title ??= pendingTitle;
            last.Footer = footer;
        }

        if (embeds.Count == 0 && messages.Count == 0)
        {
            // An empty reply still has to say something; Discord rejects a message with nothing in it.
            embeds.Add(new EmbedBuilder { Description = "(nothing to show)" });
        }

        Flush();
        return messages;
    }

    private static string Truncate(string text, int max) => TextCut.Truncate(text, max, atWord: false);
}
