namespace Il6Bot.Slack.Rendering;

/// <summary>A reply that needs more blocks than one Slack message holds.</summary>
public sealed class SlackLimitException : Exception
{
    public SlackLimitException()
    {
    }

    public SlackLimitException(string message)
        : base(message)
    {
    }

    public SlackLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
