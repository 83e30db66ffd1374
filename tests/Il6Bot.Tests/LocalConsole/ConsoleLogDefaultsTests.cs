using Il6Bot.LocalConsole;
using Microsoft.Extensions.Configuration;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>The console's quiet log level is a default an operator can override from any configuration source.</summary>
public sealed class ConsoleLogDefaultsTests
{
    [Fact]
    public void The_console_logger_shows_warnings_and_errors_unless_told_otherwise()
    {
        var configuration = new ConfigurationManager();

        ConsoleLogDefaults.AddTo(configuration);

        Assert.Equal("Warning", configuration[ConsoleLogDefaults.LevelKey]);
    }

    [Fact]
    public void A_level_set_anywhere_in_the_configuration_brings_the_info_lines_back()
    {
        // The host has read appsettings, the environment and the command line before console mode is decided.
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([KeyValuePair.Create(ConsoleLogDefaults.LevelKey, (string?)"Information")]);

        ConsoleLogDefaults.AddTo(configuration);

        Assert.Equal("Information", configuration[ConsoleLogDefaults.LevelKey]);
    }
}
