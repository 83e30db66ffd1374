namespace Il6Bot.Slack.SocketMode;

/// <summary>A failure that retrying cannot fix (bad or revoked app token); the transport stops with its message.</summary>
public sealed class SocketModeFatalException(string message) : Exception(message);
