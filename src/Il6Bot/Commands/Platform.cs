namespace Il6Bot.Commands;

/// <summary>Where a command came from or a nudge goes. The engine only uses it as a key.</summary>
public enum Platform
{
    Console,
    Discord,
    Slack,
}
