namespace Il6Bot.Slack.WebApi;

/// <summary>A Web API call answered <c>ok: false</c>; <see cref="Error"/> is Slack's error code (e.g. <c>not_in_channel</c>).</summary>
public sealed class SlackApiException : Exception
{
    public SlackApiException()
    {
        Method = string.Empty;
        Error = string.Empty;
    }

    public SlackApiException(string message)
        : base(message)
    {
        Method = string.Empty;
        Error = string.Empty;
    }

    public SlackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = string.Empty;
        Error = string.Empty;
    }

    public SlackApiException(string method, string error)
        : base($"Slack {method} failed: {error}")
    {
        Method = method;
        Error = error;
    }

    public string Method { get; }

    public string Error { get; }
}
