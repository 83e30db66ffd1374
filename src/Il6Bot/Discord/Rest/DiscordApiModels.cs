namespace Il6Bot.Discord.Rest;

/// <summary>The fields of a created message the bot keeps.</summary>
public sealed record DiscordMessageCreated(string Id, string? ChannelId);

/// <summary>The body of <c>POST /users/@me/channels</c>; the answer is a <see cref="DiscordChannel"/> of type 1 (DM).</summary>
public sealed record DiscordCreateDm(string RecipientId);

public sealed record DiscordChannel(string Id, string? GuildId, int Type, string? Name, IReadOnlyList<DiscordOverwrite>? PermissionOverwrites = null);

/// <summary>A channel's permission overwrite; <see cref="Allow"/>/<see cref="Deny"/> are bit sets as decimal strings.</summary>
public sealed record DiscordOverwrite(string Id, int Type, string? Allow, string? Deny)
{
    public const int RoleType = 0;
    public const int MemberType = 1;
}

public sealed record DiscordRole(string Id, string? Permissions);

/// <summary>The fields of <c>GET /guilds/{id}</c> the permission check needs.</summary>
public sealed record DiscordGuild(string Id, string? OwnerId, IReadOnlyList<DiscordRole>? Roles);

public sealed record DiscordGuildMember(IReadOnlyList<string>? Roles);

/// <summary>Discord's JSON error body (also the body of a 429, with <see cref="RetryAfter"/> in seconds).</summary>
public sealed record DiscordError(int? Code, string? Message, double? RetryAfter, bool? Global);
