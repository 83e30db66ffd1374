using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Il6Bot.Testing.Fakes;

/// <summary>Direct messages: <c>POST /users/@me/channels</c> opens a DM channel, which then takes messages like any channel.</summary>
public sealed partial class FakeDiscordApi
{
    /// <summary>DM channels opened with <c>POST /users/@me/channels</c>: user id → DM channel id (one per user, as Discord returns the existing one).</summary>
    public ConcurrentDictionary<string, string> DmChannels { get; } = new();

    /// <summary>Users who do not accept DMs from the bot: their DM channel opens, but a message to it is 403, code 50007.</summary>
    public ConcurrentDictionary<string, bool> DmsClosed { get; } = new();

    /// <summary>Messages posted to DM channels (created, not refused), with the user they went to.</summary>
    public IReadOnlyList<(string UserId, DiscordRecordedRequest Request)> DirectMessages =>
        [.. _requests.All
            .Where(r => r is { Method: "POST", Status: 200, Created: true })
            .Select(r => (User: DmChannels.FirstOrDefault(d => r.Path == $"/channels/{d.Value}/messages").Key, Request: r))
            .Where(m => m.User is not null)];

    private bool IsDmChannel(string channelId) => DmChannels.Values.Contains(channelId);

    /// <summary>Discord's answer to a message for a user who does not accept DMs, or null.</summary>
    private (int Status, string? Json, bool Created)? RefusedDm(string channelId)
    {
        var user = DmChannels.FirstOrDefault(d => d.Value == channelId).Key;
        return user is not null && DmsClosed.ContainsKey(user)
            ? (403, """{"message":"Cannot send messages to this user","code":50007}""", false)
            : null;
    }

    /// <summary>As Discord's create_dm: the existing DM channel with the recipient, or a new one (type 1).</summary>
    private (int Status, string? Json, bool Created) OpenDm(string body)
    {
        var recipient = JsonNode.Parse(body)?["recipient_id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(recipient))
        {
            return (400, """{"message":"Invalid Form Body","code":50035}""", false);
        }

        var dm = DmChannels.GetOrAdd(recipient, _ => NewId());
        return (200, $$"""{"id":"{{dm}}","type":1,"flags":0,"last_message_id":null,"recipients":[{"id":"{{recipient}}","username":"member"}]}""", false);
    }
}
