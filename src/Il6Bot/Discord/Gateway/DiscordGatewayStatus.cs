using Il6Bot.Transports;

namespace Il6Bot.Discord.Gateway;

/// <summary>Connection state of the Discord Gateway transport; health check <c>discord-gateway</c>.</summary>
public sealed class DiscordGatewayStatus(ILogger<DiscordGatewayStatus> logger, TimeProvider time)
    : TransportStatus(HealthCheckName, logger, time)
{
    public const string HealthCheckName = "discord-gateway";
}
