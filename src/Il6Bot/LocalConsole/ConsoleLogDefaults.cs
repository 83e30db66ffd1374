using Microsoft.Extensions.Configuration.Memory;

namespace Il6Bot.LocalConsole;

/// <summary>
/// In the local console a newcomer's conversation should not be interleaved with start-up chatter, so the
/// console logger shows warnings and errors only. Added as the lowest-priority configuration source, so it is a
/// default: <c>Logging:Console:LogLevel:Default=Information</c> (appsettings, environment or command line) brings
/// the info lines back. It is keyed to the console provider because a provider's own rule outranks the general
/// <c>Logging:LogLevel</c> rules (appsettings.json sets those to Information for the server).
/// </summary>
public static class ConsoleLogDefaults
{
    public const string LevelKey = "Logging:Console:LogLevel:Default";

    public static void AddTo(IConfigurationBuilder configuration)
    {
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new(LevelKey, nameof(LogLevel.Warning))],
        });
    }
}
