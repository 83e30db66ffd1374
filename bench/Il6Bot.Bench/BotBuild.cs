namespace Il6Bot.Bench;

/// <summary>The ways the bot can be built for a server; run-load.sh publishes each one it compares.</summary>
public enum BotBuild
{
    /// <summary>Framework-dependent with ReadyToRun code (<c>--bot-dll</c>): the bench's reference bot.</summary>
    ReadyToRun,

    /// <summary>Framework-dependent, IL only (<c>--jit-bot-dll</c>): every method JIT-compiled at run time.</summary>
    Jit,

    /// <summary>Native AOT (<c>--native-bot</c>): the server build README recommends; no runtime, no JIT.</summary>
    Native,

    /// <summary>ReadyToRun, published from another revision (<c>--base-bot-dll</c>), for a before/after in one run.</summary>
    Base,
}

/// <summary>What each build's bot is started from: a managed build's <c>Il6Bot.dll</c> or the native binary.</summary>
public sealed record BotBinaries(string ReadyToRun, string? Jit, string? Native, string? Base)
{
    public static BotBinaries FromOptions(Options options, string repo) => new(
        Path.GetFullPath(options.Get("bot-dll", Path.Combine(repo, "src/Il6Bot/bin/Release/net10.0/Il6Bot.dll"))),
        FullPath(options.Get("jit-bot-dll")),
        FullPath(options.Get("native-bot")),
        FullPath(options.Get("base-bot-dll")));

    /// <summary>Null when the run was not given that build.</summary>
    public string? For(BotBuild build) => build switch
    {
        BotBuild.ReadyToRun => ReadyToRun,
        BotBuild.Jit => Jit,
        BotBuild.Native => Native,
        BotBuild.Base => Base,
        _ => throw new ArgumentOutOfRangeException(nameof(build)),
    };

    private static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);
}
