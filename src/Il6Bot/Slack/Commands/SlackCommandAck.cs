namespace Il6Bot.Slack.Commands;

/// <summary>
/// What a transport sends back at once for a slash command: the HTTP 200 body, or the Socket Mode ack
/// <c>payload</c>. Empty means "acknowledged; the answer follows through response_url".
/// </summary>
public readonly record struct SlackCommandAck(ReadOnlyMemory<byte> Json)
{
    public static SlackCommandAck Empty => default;

    public bool IsEmpty => Json.IsEmpty;
}
