using Il6Bot.Commands;

namespace Il6Bot.Observability;

/// <summary>
/// The attribute lists of one command's metrics, built once for every (platform, transport, outcome), so
/// recording a command allocates nothing.
/// </summary>
public sealed class CommandTagTable
{
    /// <summary>What an unknown command is counted as: the name it was sent with is the sender's text.</summary>
    public const string UnknownCommandName = "unknown";

    private readonly KeyValuePair<string, object?>[][] _lists;

    public CommandTagTable(string command)
    {
        _lists = new KeyValuePair<string, object?>[MetricTags.Platforms.Length * MetricTags.Transports.Length * MetricTags.CommandOutcomes.Length][];
        foreach (var platform in MetricTags.Platforms)
        {
            foreach (var transport in MetricTags.Transports)
            {
                foreach (var outcome in MetricTags.CommandOutcomes)
                {
                    _lists[IndexOf(platform, transport, outcome)] =
                    [
                        new(MetricTags.Platform, MetricTags.SnakeCase(platform)),
                        new(MetricTags.Transport, MetricTags.SnakeCase(transport)),
                        new(MetricTags.Command, command),
                        new(MetricTags.Outcome, MetricTags.SnakeCase(outcome)),
                    ];
                }
            }
        }
    }

    public ReadOnlySpan<KeyValuePair<string, object?>> For(Platform platform, CommandTransport transport, CommandOutcome outcome) =>
        _lists[IndexOf(platform, transport, outcome)];

    private static int IndexOf(Platform platform, CommandTransport transport, CommandOutcome outcome) =>
        (((MetricTags.Index(platform) * MetricTags.Transports.Length) + MetricTags.Index(transport)) * MetricTags.CommandOutcomes.Length) + MetricTags.Index(outcome);
}
