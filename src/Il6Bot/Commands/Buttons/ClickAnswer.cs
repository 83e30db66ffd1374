using Il6Bot.Messages;

namespace Il6Bot.Commands.Buttons;

/// <summary>What a click answers and where it goes.</summary>
public sealed record ClickAnswer(Reply Reply, ClickDelivery Delivery)
{
    public static ClickAnswer Private(string markdown) => new(Reply.EphemeralText(markdown), ClickDelivery.PrivateMessage);
}

public enum ClickDelivery
{
    /// <summary>A new message only the clicker sees (Discord: type 4 with flag 64; Slack: ephemeral to <c>response_url</c>).</summary>
    PrivateMessage,

    /// <summary>The clicked private message, replaced (Discord: type 7; Slack: <c>replace_original</c>).</summary>
    ReplacePrivateMessage,

    /// <summary>A new message everyone in the channel sees.</summary>
    PublicMessage,
}
