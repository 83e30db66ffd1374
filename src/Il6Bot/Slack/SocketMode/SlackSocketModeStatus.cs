using Il6Bot.Transports;

namespace Il6Bot.Slack.SocketMode;

/// <summary>Connection state of the Slack Socket Mode transport; health check <c>slack-socket</c>.</summary>
public sealed class SlackSocketModeStatus(ILogger<SlackSocketModeStatus> logger, TimeProvider time)
    : TransportStatus(HealthCheckName, logger, time)
{
    public const string HealthCheckName = "slack-socket";
}
