using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>The <c>mention</c> and <c>topics</c> options of <c>/nudge schedule</c> and <c>/nudge edit</c>.</summary>
public sealed partial class NudgeCommandHandler
{
    /// <summary>Typed as <c>topics</c> to lift a schedule's restriction: every nudge again.</summary>
    private const string AllTopics = "all";

    /// <summary>
    /// The mention option (already neutral: adapters read their own mark-up), or an error. Given is false when the
    /// option is absent; a given null mention means "ping nobody".
    /// </summary>
    private static (bool Given, MentionTarget? Mention, Reply? Error) ReadMention(CommandRequest request)
    {
        var raw = request.Option("mention");
        switch (raw)
        {
            case null:
                return (false, null, null);
            case MentionOption.None:
                return (true, null, null);
            case MentionOption.Everyone or MentionOption.Channel:
                return (true, null, Error(
                    $"A nudge never pings `@{raw}`: a weekly reminder to every member is what members mute or leave over. " +
                    "Pick a role (Discord) or a user group or `@here` (Slack) whose members asked for it. Nothing was changed."));
        }

        return MentionTarget.FromText(raw) is { } mention
            ? (true, mention, null)
            : (true, null, Error($"{Quoted(raw, "That")} is not a mention I can use. Pick a role (Discord) or a user group or `@here` (Slack), or `none` to take the mention off."));
    }

    /// <summary>
    /// The topics option as stored (<see cref="NudgeTopics"/>), or an error naming the topics that have nudges. Given
    /// is false when the option is absent; a given null means every nudge (<c>all</c>).
    /// </summary>
    private (bool Given, string? Topics, Reply? Error) ReadTopics(CommandRequest request)
    {
        var raw = request.Option("topics");
        if (raw is null)
        {
            return (false, null, null);
        }

        if (raw.Equals(AllTopics, StringComparison.OrdinalIgnoreCase))
        {
            return (true, null, null);
        }

        var available = NudgeTopics.Available(_dispatcher.Nudges);
        if (available.Count == 0)
        {
            return (true, null, NoNudges());
        }

        var chosen = new List<string>();
        foreach (var part in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var topic = available.FirstOrDefault(t => t.Equals(part, StringComparison.OrdinalIgnoreCase));
            if (topic is null)
            {
                return (true, null, Error(
                    $"{EchoedInput.Code(part)} is not a topic with nudges. Type one or more of {string.Join(" ", available.Select(t => $"`{t}`"))}, " +
                    $"separated by commas (e.g. `topics:{available[0]}`), or `{AllTopics}` for every nudge. Nothing was changed."));
            }

            if (!chosen.Contains(topic, StringComparer.Ordinal))
            {
                chosen.Add(topic);
            }
        }

        return chosen.Count == 0
            ? (true, null, Error($"Say which topics, e.g. `topics:{available[0]}`, or `{AllTopics}` for every nudge. Nothing was changed."))
            : (true, NudgeTopics.Join(chosen), null);
    }

    /// <summary>Completes the last of a comma-separated list, offering the topics not yet in it.</summary>
    private List<Choice> CompleteTopics(string partial, int limit)
    {
        var comma = partial.LastIndexOf(',');
        var head = comma < 0 ? string.Empty : partial[..(comma + 1)];
        var last = partial[(comma + 1)..].Trim();
        var listed = NudgeTopics.Split(head);
        return NudgeTopics.Available(_dispatcher.Nudges)
            .Append(AllTopics)
            .Where(t => t.StartsWith(last, StringComparison.OrdinalIgnoreCase) && !listed.Contains(t, StringComparer.OrdinalIgnoreCase))
            .Where(t => t != AllTopics || head.Length == 0)
            .Select(t => new Choice(head + t, head + t))
            .Take(limit)
            .ToList();
    }

    /// <summary>What a schedule pings and rotates through, for replies: "pings group 123, topics how, what".</summary>
    private static string SettingsText(NudgeSchedule schedule) => SettingsText(schedule.Mention, schedule.Topics);

    internal static string SettingsText(MentionTarget? mention, string? topics)
    {
        var pings = mention switch
        {
            { Kind: MentionKind.Here } => "pings @here",
            { GroupId: { } id } => $"pings group {id}",
            _ => "pings nobody",
        };
        var rotation = topics is null ? "all nudges" : "topics " + string.Join(", ", NudgeTopics.Split(topics));
        return $"{pings}, {rotation}";
    }
}
