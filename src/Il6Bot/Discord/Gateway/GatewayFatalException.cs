namespace Il6Bot.Discord.Gateway;

/// <summary>A failure that retrying cannot fix (bad token, bad shard); the transport stops with its message.</summary>
public sealed class GatewayFatalException(string message) : Exception(message);
