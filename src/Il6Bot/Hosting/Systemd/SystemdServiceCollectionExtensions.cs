using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;

namespace Il6Bot.Hosting.Systemd;

public static class SystemdServiceCollectionExtensions
{
    /// <summary>The variable a service manager sets for <c>Type=notify</c> (sd_notify(3)).</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    /// <summary>
    /// Tells the service manager <c>READY=1</c> once the host has started (content loaded, store migrated, port
    /// bound) and <c>STOPPING=1</c> when it begins to stop, and stops cleanly on SIGTERM.
    /// <para>
    /// <see cref="SystemdHostBuilderExtensions.AddSystemd"/> alone only switches on when the parent process is
    /// systemd (or the process is PID 1), so a notify-capable supervisor that is not systemd's direct child of the
    /// bot (<c>podman --sdnotify=container</c>, a test) would wait for a readiness message that never comes. The
    /// protocol's own rule, as sd_notify(3) implements it, is simpler: notify whenever <c>NOTIFY_SOCKET</c> is
    /// set, so that is the second condition here.
    /// </para>
    /// <para>
    /// Under systemd <c>AddSystemd</c> also switches console logs to journald's <c>&lt;6&gt;</c> prefixes; an explicit
    /// <c>Logging:Console:FormatterName</c> (<c>json</c> for a log shipper) is kept rather than overridden.
    /// </para>
    /// </summary>
    public static IServiceCollection AddIl6Systemd(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSystemd();
        if (!SystemdHelpers.IsSystemdService()
            && OperatingSystem.IsLinux()
            && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NotifySocketVariable)))
        {
            services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        var formatter = configuration["Logging:Console:FormatterName"];
        if (!string.IsNullOrEmpty(formatter))
        {
            services.PostConfigure<ConsoleLoggerOptions>(options => options.FormatterName = formatter);
        }

        return services;
    }
}
