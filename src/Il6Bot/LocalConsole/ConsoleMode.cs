using Il6Bot.Discord;
using Il6Bot.Slack;

namespace Il6Bot.LocalConsole;

/// <summary>Decides whether the local console runs: explicit setting, <c>--console</c>, else only without credentials.</summary>
public static class ConsoleMode
{
    /// <summary>Command-line flag that turns the console on alongside configured platforms.</summary>
    public const string Flag = "--console";

    public static bool IsEnabled(IConfiguration configuration, bool consoleFlag)
    {
        if (consoleFlag)
        {
            return true;
        }

        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>();
        if (options?.Enabled is { } enabled)
        {
            return enabled;
        }

        var discord = configuration.GetSection(DiscordOptions.Section).Get<DiscordOptions>() ?? new DiscordOptions();
        var slack = configuration.GetSection(SlackOptions.Section).Get<SlackOptions>() ?? new SlackOptions();
        return !discord.IsConfigured && !slack.IsConfigured;
    }
}
