namespace Il6Bot.Transports.Sockets;

/// <summary>
/// A failure that retrying cannot fix (a refused token, a bad shard), thrown while connecting; the
/// transport stops with its message, so the message must say what to fix and never carry a secret.
/// </summary>
public sealed class TransportFatalException(string message) : Exception(message);
