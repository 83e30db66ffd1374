namespace Il6Bot.Discord.Rendering;

/// <param name="CallbackBody">The complete type 4 interaction response for the first message, as UTF-8 JSON.</param>
/// <param name="Messages">All messages (the first is the one inside <paramref name="CallbackBody"/>);
/// the rest are sent as follow-ups, and a deferred answer edits the original with the first.</param>
public sealed record DiscordPreparedReply(bool Ephemeral, byte[] CallbackBody, IReadOnlyList<DiscordMessagePayload> Messages);
