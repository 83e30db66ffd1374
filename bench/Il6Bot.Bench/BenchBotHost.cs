using Il6Bot.Hosting;

namespace Il6Bot.Bench;

/// <summary>
/// <c>--bot-host bench</c>: the bot built by the very same <see cref="Il6BotApp.Build"/> as Program.cs, with the
/// ceiling and the floors (<see cref="CeilingServer.MapBaselines"/>) mapped on the same host. Measuring
/// <c>slack-floor</c> against this process instead of the slim baseline server shows what the bot's host itself
/// (its middleware and services) costs per request, apart from the <c>/il6</c> path.
/// </summary>
public static class BenchBotHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = Il6BotApp.Build(args);
        CeilingServer.MapBaselines(app, app.Configuration);
        await app.RunAsync();
        return 0;
    }
}
