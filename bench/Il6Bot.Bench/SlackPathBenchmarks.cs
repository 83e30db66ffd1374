using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Il6Bot.Hosting;
using Il6Bot.Slack.Http;

namespace Il6Bot.Bench;

/// <summary>
/// The bot's own work on a Slack <c>/il6</c> request, without Kestrel, sockets or the kernel: the endpoint of
/// <c>POST /slack/commands</c> against the verify-only floor's endpoint (<c>/floor/slack</c>, the baseline), both
/// mapped on one bot host built by <see cref="Il6BotApp.Build"/> and invoked with the same kind of in-memory request.
/// The load benchmark measures the whole server, where this work is 6-7 % of a request and machine noise is
/// larger than a change to it; here it is measured alone, as a ratio to the floor's endpoint in the same run.
/// Each call sends the next of <see cref="Count"/> distinct signed requests (trigger ids, users and channels differ,
/// topics cycle), so no call is a repeat of an earlier one.
/// </summary>
[MemoryDiagnoser]
public class SlackPathBenchmarks
{
    /// <summary>More than the replay memory holds (<c>SlackReplayGuard.Capacity</c>), so a request seen again has been forgotten.</summary>
    private const int Count = 32_768;

    private BenchKeys? _keys;
    private WebApplication? _app;
    private string? _work;
    private RequestDelegate? _bot;
    private RequestDelegate? _floor;
    private SignedSlackBody[] _requests = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _keys = new BenchKeys();
        _work = Directory.CreateTempSubdirectory("il6bench-path").FullName;
        _app = Il6BotApp.Build(
        [
            .. BotCommandLine.Base(RepositoryRoot(), "http://127.0.0.1:0", $"Data Source={Path.Combine(_work, "bot.db")}"),
            $"--Discord:PublicKey={_keys.DiscordPublicKeyHex}",
            $"--Slack:SigningSecret={_keys.SlackSigningSecret}",
        ]);
        CeilingServer.MapBaselines(_app, _app.Configuration);
        _app.StartAsync().GetAwaiter().GetResult();

        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        _bot = Find(endpoints, SlackCommandEndpoint.Path);
        _floor = Find(endpoints, "/floor/slack");
        _requests = [.. Requests.SlackBodies(_keys, Count, seed: 0)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app?.StopAsync().GetAwaiter().GetResult();
        (_app as IDisposable)?.Dispose();
        _keys?.Dispose();
        if (_work is not null)
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public Task<int> Floor_endpoint() => InvokeAsync(_floor!);

    [Benchmark]
    public Task<int> Slack_il6_endpoint() => InvokeAsync(_bot!);

    /// <summary><c>Il6Bot.Bench path</c>: prints BenchmarkDotNet's Markdown table (ratios to the floor).</summary>
    public static int Run()
    {
        var config = InProcessBenchmarks.Config(Path.Combine(Path.GetTempPath(), "il6bench-path"));
        var summary = BenchmarkRunner.Run<SlackPathBenchmarks>(config);
        return summary.HasCriticalValidationErrors ? 1 : 0;
    }

    private async Task<int> InvokeAsync(RequestDelegate endpoint)
    {
        var request = _requests[_next++ & (Count - 1)];
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.ContentLength = request.Body.Length;
        context.Request.Headers["X-Slack-Request-Timestamp"] = request.Timestamp;
        context.Request.Headers["X-Slack-Signature"] = request.Signature;
        context.Request.Body = new MemoryStream(request.Body, writable: false);
        await endpoint(context);

        // A benchmark of a rejected request would measure nothing: fail loudly instead.
        return context.Response.StatusCode == StatusCodes.Status200OK
            ? context.Response.StatusCode
            : throw new InvalidOperationException($"{context.Request.Path} answered {context.Response.StatusCode}");
    }

    private static RequestDelegate Find(List<RouteEndpoint> endpoints, string path) =>
        endpoints.FirstOrDefault(e => e.RoutePattern.RawText == path)?.RequestDelegate
        ?? throw new InvalidOperationException($"No endpoint at {path}");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Il6Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository (no Il6Bot.sln above " + AppContext.BaseDirectory + ")");
    }
}
