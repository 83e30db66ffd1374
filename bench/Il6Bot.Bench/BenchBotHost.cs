using Il6Bot.Hosting;
using Il6Bot.Nudges;
using Il6Bot.Nudges.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Il6Bot.Bench;

/// <summary>
/// Stopgap for <c>--bot-host bench</c>: the bot built by the very same <see cref="Il6BotApp.Build"/> as
/// Program.cs, plus an <see cref="INudgeStore"/> registration only when the host does not register one yet (an
/// integration gap while branches land). The report labels runs made this way; the default runs the real Il6Bot.dll.
/// </summary>
public static class BenchBotHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = Il6BotApp.Build(args, builder =>
        {
            var connectionString = builder.Configuration["Storage:ConnectionString"] ?? "Data Source=il6bench.db";
            builder.Services.TryAddSingleton<INudgeStore>(sp =>
                new SqliteNudgeStore(connectionString, TimeProvider.System, sp.GetRequiredService<ILogger<SqliteNudgeStore>>()));
        });
        await app.RunAsync();
        return 0;
    }
}
