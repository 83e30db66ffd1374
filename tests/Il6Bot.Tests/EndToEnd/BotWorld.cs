using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// A fake platform on 127.0.0.1 and a fake clock, shared by any number of real bot hosts started against them (a
/// restart is a second host on the same store file and the same fake). Each platform's world adds the settings that
/// point a host at its fake and the helpers that speak its protocol.
/// </summary>
public abstract class BotWorld<TFake>(TFake fake, SignallingTimeProvider clock) : IAsyncDisposable
    where TFake : IAsyncDisposable
{
    private readonly List<BotHost> _hosts = [];
    private readonly TempDirectories _tempDirs = new();

    public TFake Fake { get; } = fake;

    public SignallingTimeProvider Clock { get; } = clock;

    /// <summary>A fresh scratch folder (for a SQLite file shared by two hosts), deleted with the world.</summary>
    public string NewTempDir() => _tempDirs.New();

    /// <summary>Starts the real host (Il6BotApp) on the fake clock against the fake, with <paramref name="settings"/>
    /// over the platform's own; returns once its scheduler loop has run its first tick and sleeps.</summary>
    public async Task<BotHost> StartHostAsync(string? tempDir = null, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var values = PlatformSettings();
        values["Nudges:MisfireGrace"] = "01:00:00";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        // The loop's first tick waits for ApplicationStarted, so it may still be to come when the host's start returns;
        // a clock moved then would have that tick run at the new instant and take what the test's own tick was meant to
        // post. Once the loop has armed its wake only a timer moves it, and JumpTo fires none. Its Debug lines go to
        // this provider alone, so what other providers capture stays at the host's levels.
        var loop = new LoopSleeps(typeof(NudgeScheduler).FullName!);
        var host = await BotHost.StartAsync(
            values,
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(Clock);
                loop.AddTo(builder.Logging);
                configure?.Invoke(builder);
            },
            tempDir ?? NewTempDir(),
            E2E.Ct);
        _hosts.Add(host);
        await loop.WaitForSleepAsync(1, E2E.Ct);
        await OnStartedAsync(host);
        return host;
    }

    /// <summary>Stops a host (a restart's first half); the world no longer disposes it.</summary>
    public async Task StopAsync(BotHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    /// <summary>Moves the clock to <paramref name="instant"/> and runs one scheduler tick of <paramref name="host"/>.</summary>
    public Task<TickSummary> TickAtAsync(BotHost host, DateTimeOffset instant)
    {
        Clock.JumpTo(instant);
        return E2E.Scheduler(host).RunOnceAsync(E2E.Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Fake.DisposeAsync();
        DisposeWorld();
        _tempDirs.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The configuration that points a host at this world's fake and makes it trust this world's requests.</summary>
    protected abstract Dictionary<string, string?> PlatformSettings();

    /// <summary>Waits for what a started host does at once against the fake, so no request of it is in flight
    /// when a test moves the clock.</summary>
    protected virtual Task OnStartedAsync(BotHost host) => Task.CompletedTask;

    /// <summary>Releases what the platform's world holds besides the fake.</summary>
    protected virtual void DisposeWorld()
    {
    }
}
