using Il6Bot.Hosting;
using Il6Bot.Testing.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// The real bot host (the same <see cref="Il6BotApp.Build"/> as Program.cs) on 127.0.0.1 with a free port,
/// configured by key/value overrides. Console mode is off unless a test turns it on.
/// </summary>
public sealed class BotHost : IAsyncDisposable
{
    private readonly bool _ownsTempDir;

    private BotHost(WebApplication app, string tempDir, bool ownsTempDir)
    {
        App = app;
        TempDir = tempDir;
        _ownsTempDir = ownsTempDir;
        BaseAddress = new Uri(LoopbackServer.BaseUrl(app));
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>A per-host scratch folder (SQLite file etc.), deleted on dispose unless the caller passed it in
    /// (a restart test reuses it for the next host and deletes it itself).</summary>
    public string TempDir { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<BotHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        string? tempDir = null,
        CancellationToken cancellationToken = default)
    {
        var ownsTempDir = tempDir is null;
        tempDir ??= Directory.CreateTempSubdirectory("il6bot-test-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Console:Enabled"] = "false",
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(tempDir, "il6bot.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        // Config file watching would spend one inotify instance per test host for nothing.
        var args = new List<string> { "--contentRoot", RepoPaths.Root, "--hostBuilder:reloadConfigOnChange=false" };
        args.AddRange(values.Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = Il6BotApp.Build([.. args], configure);
        await app.StartAsync(cancellationToken);
        return new BotHost(app, tempDir, ownsTempDir);
    }

    private static readonly TimeSpan DisposalBound = TimeSpan.FromSeconds(10);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();

        // Polly's resilience pipelines, when disposed, wait on the host's TimeProvider for executions they still
        // count; under a test's fake clock, which nobody advances any more, that wait never ends (seen in CI: host
        // disposal hung in ExecutionTrackingComponent.DisposeAsync). The host is stopped by now (no listener, no
        // background work), so a disposal that outlasts this bound is left to finish on its own.
        var disposal = App.DisposeAsync().AsTask();
        await Task.WhenAny(disposal, Task.Delay(DisposalBound));
        if (_ownsTempDir)
        {
            try
            {
                Directory.Delete(TempDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere: leave the folder to the OS's temp cleanup.
            }
        }
    }
}
