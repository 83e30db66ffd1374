namespace Il6Bot.Discord.Gateway;

/// <summary>What a Gateway close code means for the next step.</summary>
public static class GatewayCloseCodes
{
    /// <summary>
    /// Sent by this client when it drops a connection it wants to resume. Any code except 1000/1001 keeps
    /// the session alive on Discord's side; 1000 is reserved for shutting down.
    /// </summary>
    public const int ClientResumable = 4000;

    public const int InvalidSequence = 4007;
    public const int SessionTimedOut = 4009;

    /// <summary>
    /// Close codes after which reconnecting can only fail the same way again (Discord says not to retry);
    /// the message tells the operator what to fix.
    /// </summary>
    public static string? FatalReason(int code) => code switch
    {
        4004 => "authentication failed (close 4004): Discord:BotToken is wrong or was reset; copy a new token from the Developer Portal, Bot page",
        4010 => "invalid shard (close 4010): Discord:ShardId must be below Discord:ShardCount",
        4011 => "sharding required (close 4011): the bot is in too many guilds for one connection; raise Discord:ShardCount and run one process per shard",
        4012 => "invalid API version (close 4012): the Gateway no longer accepts v10",
        4013 => "invalid intents (close 4013): the identify payload's intents are not a valid bitfield",
        4014 => "disallowed intents (close 4014): a privileged intent is not enabled for this application in the Developer Portal",
        _ => null,
    };

    /// <summary>The session is gone; reconnect with a fresh Identify instead of Resume.</summary>
    public static bool EndsSession(int code) => code is InvalidSequence or SessionTimedOut;
}
