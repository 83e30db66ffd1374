using Il6Bot.Bench;

// Modes:
//   http      the HTTP load benchmark (orchestrator + load generator); see bench/README.md
//   ceiling   the baseline server (/ceiling, /floor/slack[/sized], /floor/discord[/sized]); started by `http`
//   bot       the bot's own host with the baseline endpoints added; started by `http --bot-host bench`
//   nudges    the nudge scale benchmark (tick cost, 1,000 posts against a rate-limited fake Discord)
//   fuzz      validly signed mutated requests against the built bot: status histogram, RSS before and after
//   form      the Slack form decoding on the /il6 path against ASP.NET Core's QueryHelpers (BenchmarkDotNet)
//   path      the Slack /il6 endpoint's own work against the verify-only floor's endpoint, in process (BenchmarkDotNet)
var mode = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
return mode switch
{
    "http" => await HttpBench.RunAsync(new Options(rest)),
    "ceiling" => await CeilingServer.RunAsync(rest),
    "nudges" => await NudgeBench.RunAsync(new Options(rest)),
    "bot" => await BenchBotHost.RunAsync(rest),
    "fuzz" => await FuzzBench.RunAsync(new Options(rest)),
    "form" => SlackFormBenchmarks.Run(),
    "path" => SlackPathBenchmarks.Run(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Il6Bot.Bench http [--repo DIR] [--requests N] [--warmup-seconds S] [--warmup N] [--concurrency N] [--rounds N] [--targets a,b] [--bot-dll PATH] [--bot-host dll|bench] [--out FILE]");
    Console.Error.WriteLine("       Il6Bot.Bench ceiling --urls URL --Slack:SigningSecret S --Discord:PublicKey HEX");
    Console.Error.WriteLine("       Il6Bot.Bench nudges [--schedules N] [--posts N] [--on-the-minute N]");
    Console.Error.WriteLine("       Il6Bot.Bench form");
    Console.Error.WriteLine("       Il6Bot.Bench path");
    Console.Error.WriteLine("       Il6Bot.Bench fuzz [--repo DIR] [--bot-dll PATH] [--requests N] [--concurrency N] [--seed N] [--out FILE]");
    return 2;
}
