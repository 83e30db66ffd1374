namespace Il6Bot.Discord;

/// <summary>The fields of a created message the bot keeps.</summary>
public sealed record DiscordMessageCreated(string Id, string? ChannelId);

public sealed record DiscordChannel(string Id, string? GuildId, int Type, string? Name);

/// <summary>Discord's JSON error body (also the body of a 429, with <see cref="RetryAfter"/> in seconds).</summary>
public sealed record DiscordError(int? Code, string? Message, double? RetryAfter, bool? Global);
