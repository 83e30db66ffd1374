using Il6Bot.Features.Nudges.Delivery;
using Microsoft.Extensions.Logging.Console;

namespace Il6Bot.LocalConsole;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>
    /// The console poster is always there (the console tenant's schedules need it); the REPL only when
    /// <see cref="ConsoleMode.IsEnabled"/>. In console mode logs go to stderr so stdout is the conversation.
    /// </summary>
    public static IServiceCollection AddIl6LocalConsole(this IServiceCollection services, IConfiguration configuration, bool consoleFlag)
    {
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.Section));
        services.AddSingleton(_ => new ConsoleIO(Console.In, Console.Out));
        services.AddSingleton<INudgePoster, ConsoleNudgePoster>();
        if (ConsoleMode.IsEnabled(configuration, consoleFlag))
        {
            services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            services.AddHostedService<ConsoleRepl>();
        }

        return services;
    }
}
