using System.Diagnostics.Metrics;
using Il6Bot.Transports;

namespace Il6Bot.Observability;

/// <summary>
/// The readings of <c>il6bot.transport.state</c>, taken from each transport's <see cref="TransportStatus"/> when
/// the metrics are collected: one series per (transport, state), 1 for the current state, so an alert can ask
/// "connected == 0" without knowing every other state.
/// </summary>
internal sealed class TransportStateReadings
{
    private static readonly string[] States = ["connecting", "connected", "reconnecting", "stopped"];

    private readonly (TransportStatus Status, KeyValuePair<string, object?>[][] Tags)[] _transports;

    public TransportStateReadings(IEnumerable<TransportStatus> transports)
    {
        _transports = [.. transports.Select(status => (status, States.Select(state => new KeyValuePair<string, object?>[]
        {
            new(MetricTags.Transport, status.Name),
            new(MetricTags.State, state),
        }).ToArray()))];
    }

    public IEnumerable<Measurement<int>> Observe()
    {
        var readings = new List<Measurement<int>>(_transports.Length * States.Length);
        foreach (var (status, tags) in _transports)
        {
            var current = StateIndex(status.Current.State);
            for (var i = 0; i < States.Length; i++)
            {
                readings.Add(new Measurement<int>(i == current ? 1 : 0, tags[i]));
            }
        }

        return readings;
    }

    // A resumed session is a connected one; only the way it got there differs.
    private static int StateIndex(TransportState state) => state switch
    {
        TransportState.Connecting => 0,
        TransportState.Connected or TransportState.Resumed => 1,
        TransportState.Reconnecting => 2,
        _ => 3,
    };
}
