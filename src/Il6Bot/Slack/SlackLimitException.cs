namespace Il6Bot.Slack;

/// <summary>A reply that cannot be laid out within Slack's limits even after splitting.</summary>
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
