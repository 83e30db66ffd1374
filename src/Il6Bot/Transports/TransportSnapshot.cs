namespace Il6Bot.Transports;

/// <summary>One moment of a transport's connection state, as logged and shown in <c>/healthz</c>.</summary>
/// <param name="Detail">Reason for reconnecting, or the fatal error when stopped; never contains a secret.</param>
/// <param name="Fatal">True when the transport gave up for good and needs an operator.</param>
/// <param name="RetryIn">When reconnecting: how long until the next attempt.</param>
public sealed record TransportSnapshot(TransportState State, string? Detail, bool Fatal, DateTimeOffset Since, TimeSpan? RetryIn = null);
