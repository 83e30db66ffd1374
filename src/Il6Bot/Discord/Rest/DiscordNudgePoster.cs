using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Il6Bot.Commands;
using Il6Bot.Discord.Interactions;
using Il6Bot.Discord.Rendering;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Hosting;
using Il6Bot.Messages;
using Il6Bot.Transports;

namespace Il6Bot.Discord.Rest;

/// <summary>
/// Posts nudges to Discord channels with embeds and the delivery's idempotency key as nonce. Discord's transport
/// resends a 5xx or a timeout itself, which the nonce makes safe inside the window, so what reaches this class
/// after those retries is a final answer, never <see cref="PostOutcome.Ambiguous"/>.
/// </summary>
public sealed partial class DiscordNudgePoster(DiscordRestClient rest, ILogger<DiscordNudgePoster> logger) : INudgePoster
{
    private const int MissingAccess = 50001;
    private const int MissingPermissions = 50013;
    private const int UnknownChannel = 10003;
    private string? _botUserId;

    /// <summary>
    /// Discord drops a second message with the same nonce only within "the past few minutes"; inside this window
    /// reposting with the same nonce cannot duplicate, outside it it could.
    /// </summary>
    public static readonly TimeSpan NonceWindow = TimeSpan.FromMinutes(5);

    public Platform Platform => Platform.Discord;

    /// <summary>The nonce window, and no lookup: Discord cannot search a channel by nonce.</summary>
    public DeliveryGuarantees Guarantees { get; } = new(NonceWindow, FindsPostsByKey: false);

    public async Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
    {
        var messages = DiscordReplyRenderer.Render(message with { Ephemeral = false });
        string? firstId = null;
        for (var i = 0; i < messages.Count; i++)
        {
            // enforce_nonce makes Discord return the already-created message for a repeated nonce (for a few
            // minutes), so a retry after a lost response does not post twice.
            var payload = messages[i] with { Nonce = Nonce(idempotencyKey, i), EnforceNonce = true };
            var result = await rest.CreateMessageAsync(channelId, payload, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                var failure = Classify(result, channelId);
                LogPostFailed(channelId, failure.Error);
                return failure;
            }

            // A 2xx is a post even when its body could not be read: calling it failed would record a nudge that
            // Discord showed as not sent. Only its id is then unknown.
            firstId ??= result.Value?.Id;
        }

        return PostResult.Posted(firstId ?? string.Empty);
    }

    public async Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken)
    {
        var result = await rest.GetChannelAsync(channelId, cancellationToken).ConfigureAwait(false);
        if (result is { IsSuccess: true, Value: { } channel })
        {
            if (channel.GuildId is not null && !channel.GuildId.Equals(tenantId, StringComparison.Ordinal))
            {
                return ChannelCheck.No("That channel belongs to another server. Pick a channel of this server.");
            }

            if (channel.Type is not (0 or 5))
            {
                return ChannelCheck.No("Nudges can only go to a text or announcement channel. Pick one of those.");
            }

            if (await BotPermissionsAsync(channel.GuildId ?? tenantId, channel, cancellationToken).ConfigureAwait(false) is { } permissions
                && DiscordPermissions.MissingForNudges(permissions) is { Count: > 0 } missing)
            {
                return ChannelCheck.No($"I can't post nudges in <#{channelId}>: I'm missing {string.Join(", ", missing)} there. Give my role those permissions in the channel's settings, then try again.");
            }

            return ChannelCheck.Ok;
        }

        return result.StatusCode switch
        {
            403 or 404 => ChannelCheck.No($"I can't see <#{channelId}>. Add me to that channel (View Channel, Send Messages, Embed Links), then try again."),
            _ => ChannelCheck.No($"I couldn't check <#{channelId}> with Discord just now ({result.Problem}). Please try again in a minute."),
        };
    }

    /// <summary>The bot's permissions in <paramref name="channel"/>, or null when Discord would not say (the
    /// check then lets it through; a post that is refused later still marks the schedule failing).</summary>
    private async Task<System.Numerics.BigInteger?> BotPermissionsAsync(string guildId, DiscordChannel channel, CancellationToken cancellationToken)
    {
        var botUserId = _botUserId;
        if (botUserId is null)
        {
            var me = await rest.GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
            if (me.Value?.Id is not { Length: > 0 } id)
            {
                LogPermissionsUnknown(channel.Id, me.Problem);
                return null;
            }

            _botUserId = botUserId = id;
        }

        var guild = await rest.GetGuildAsync(guildId, cancellationToken).ConfigureAwait(false);
        if (guild.Value is null)
        {
            LogPermissionsUnknown(channel.Id, guild.Problem);
            return null;
        }

        var member = await rest.GetGuildMemberAsync(guildId, botUserId, cancellationToken).ConfigureAwait(false);
        if (member.Value is null)
        {
            LogPermissionsUnknown(channel.Id, member.Problem);
            return null;
        }

        return DiscordPermissions.Compute(guild.Value, botUserId, member.Value.Roles ?? [], channel);
    }

    /// <summary>Discord has no search by nonce (see <see cref="Guarantees"/>); a repost of the same occurrence inside the
    /// window is deduplicated by Discord itself (<c>enforce_nonce</c>), so "unknown" is the honest answer here.</summary>
    public Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(LookupResult.Unknown);

    /// <summary>Discord nonces are at most 25 characters; longer keys (and later parts) are hashed.</summary>
    public static string Nonce(string idempotencyKey, int part)
    {
        if (part == 0 && idempotencyKey.Length <= DiscordLimits.Message.Nonce)
        {
            return idempotencyKey;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(part == 0 ? idempotencyKey : $"{idempotencyKey}#{part}"));
        return Convert.ToHexStringLower(hash)[..DiscordLimits.Message.Nonce];
    }

    private static PostResult Classify(ApiResult result, string channelId) => (result.StatusCode, DiscordCode(result)) switch
    {
        (_, MissingAccess) => PostResult.Permanent($"Missing Access: the bot cannot see channel {channelId}. Add it to the channel (View Channel)."),
        (_, MissingPermissions) => PostResult.Permanent($"Missing Permissions in channel {channelId}: give the bot Send Messages and Embed Links there."),
        (_, UnknownChannel) => PostResult.Permanent($"Unknown Channel {channelId}: it was deleted or the bot left the server. Schedule the nudge for another channel."),
        (403, _) => PostResult.Permanent($"Discord refused the post to channel {channelId} ({result.Problem}). Check the bot's permissions there."),
        (404, _) => PostResult.Permanent($"Channel {channelId} was not found ({result.Problem})."),
        (401, _) => PostResult.Permanent($"Discord rejected the bot token ({result.Problem}). Check Discord:BotToken."),
        (429, _) => PostResult.Transient("Discord kept rate-limiting the post; retries ran out."),
        (>= 400 and < 500, _) => PostResult.Permanent($"Discord rejected the message ({result.Problem})."),
        (0, _) => PostResult.Transient($"{result.Problem} after several tries."),
        _ => PostResult.Transient($"Discord failed ({result.Problem}) after several tries."),
    };

    /// <summary>Discord's JSON error <c>code</c>, which the client hands on as text.</summary>
    private static int? DiscordCode(ApiResult result) =>
        int.TryParse(result.ErrorCode, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord channel {ChannelId}: could not work out the bot's permissions ({Problem}); not checking them")]
    private partial void LogPermissionsUnknown(LogText channelId, LogText problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord nudge to channel {ChannelId} not posted: {Error}")]
    private partial void LogPostFailed(LogText channelId, LogText error);
}
