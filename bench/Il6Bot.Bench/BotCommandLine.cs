namespace Il6Bot.Bench;

/// <summary>
/// What every bench mode passes the bot it starts, in process or as its own process: the repository's content and
/// settings, a loopback URL, no local console, warnings only (a log line per request would be measured too), and
/// its own store. Each mode appends its platform keys and fakes.
/// </summary>
internal static class BotCommandLine
{
    public static string[] Base(string repo, string url, string storageConnectionString) =>
    [
        "--contentRoot", repo,
        "--urls", url,
        "--Console:Enabled=false",
        "--Logging:LogLevel:Default=Warning",
        $"--Storage:ConnectionString={storageConnectionString}",
    ];
}
