namespace Il6Bot.Commands;

/// <summary>How a command reached the bot; the engine only uses it to label its metrics.</summary>
public enum CommandTransport
{
    /// <summary>A signed webhook request (an interactions endpoint, a slash-command URL).</summary>
    Http,

    /// <summary>A long-lived connection the bot opened (a gateway, a socket mode).</summary>
    Websocket,

    /// <summary>A line typed into the local console.</summary>
    Console,
}
