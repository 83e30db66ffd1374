using Il6Bot.LocalConsole;
using Microsoft.Extensions.Configuration;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>Whether the console runs: on for someone who just cloned the bot, off beside a platform unless asked for.</summary>
public sealed class ConsoleModeTests
{
    [Fact]
    public void Without_credentials_the_console_runs() =>
        Assert.True(ConsoleMode.IsEnabled(Configuration(), consoleFlag: false));

    [Theory]
    [InlineData("Discord:BotToken", "token")]
    [InlineData("Discord:PublicKey", "key")]
    [InlineData("Slack:BotToken", "xoxb-1")]
    [InlineData("Slack:SigningSecret", "secret")]
    public void With_either_platforms_credentials_the_console_stays_off(string key, string value) =>
        Assert.False(ConsoleMode.IsEnabled(Configuration((key, value)), consoleFlag: false));

    [Fact]
    public void The_console_flag_turns_it_on_beside_a_configured_platform_and_over_the_setting() =>
        Assert.True(ConsoleMode.IsEnabled(Configuration(("Discord:BotToken", "token"), ("Console:Enabled", "false")), consoleFlag: true));

    [Fact]
    public void Console_Enabled_true_runs_it_beside_a_configured_platform() =>
        Assert.True(ConsoleMode.IsEnabled(Configuration(("Console:Enabled", "true"), ("Discord:BotToken", "token")), consoleFlag: false));

    [Fact]
    public void Console_Enabled_false_keeps_it_off_even_without_credentials() =>
        Assert.False(ConsoleMode.IsEnabled(Configuration(("Console:Enabled", "false")), consoleFlag: false));

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
