namespace Il6Bot.Transports;

/// <summary>Where a long-lived platform connection is; shown in logs and in <c>/healthz</c>.</summary>
public enum TransportState
{
    Connecting,
    Connected,
    Resumed,
    Reconnecting,
    Stopped,
}
