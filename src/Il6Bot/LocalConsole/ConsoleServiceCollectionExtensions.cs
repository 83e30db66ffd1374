using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Failures;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Il6Bot.LocalConsole;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>
    /// The console poster is always there (the console tenant's schedules need it); the REPL only when
    /// <see cref="ConsoleMode.IsEnabled"/>. In console mode stdout is the conversation: logs go to stderr, warnings
    /// and errors only by default (<see cref="ConsoleLogDefaults"/>), and a port in use is not fatal
    /// (<see cref="PortInUseTolerantServer"/>).
    /// </summary>
    public static IServiceCollection AddIl6LocalConsole(this IServiceCollection services, ConfigurationManager configuration, bool consoleFlag)
    {
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.Section));
        services.AddSingleton(_ => new ConsoleIO(Console.In, Console.Out));
        services.AddSingleton<INudgePoster, ConsoleNudgePoster>();
        services.AddSingleton<IDirectMessenger, ConsoleDirectMessenger>();
        if (ConsoleMode.IsEnabled(configuration, consoleFlag))
        {
            services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            ConsoleLogDefaults.AddTo(configuration);
            services.TolerateUsedPort();
            services.AddHostedService<ConsoleRepl>();
        }

        return services;
    }

    /// <summary>Wraps the web server the host registered (Kestrel) in <see cref="PortInUseTolerantServer"/>.</summary>
    private static void TolerateUsedPort(this IServiceCollection services)
    {
        var server = services.LastOrDefault(d => d.ServiceType == typeof(IServer))
            ?? throw new InvalidOperationException("No web server registered to run the console beside.");
        services.Replace(ServiceDescriptor.Singleton<IServer>(sp => new PortInUseTolerantServer(
            server switch
            {
                { ImplementationInstance: IServer instance } => instance,
                { ImplementationFactory: { } factory } => (IServer)factory(sp),
                _ => (IServer)ActivatorUtilities.CreateInstance(sp, server.ImplementationType!),
            },
            sp.GetRequiredService<ILogger<PortInUseTolerantServer>>())));
    }
}
