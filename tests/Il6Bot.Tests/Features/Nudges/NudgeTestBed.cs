using Il6Bot.Commands;
using Il6Bot.Discord.Rest;
using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Failures;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Messages;
using Il6Bot.Tests.Features.Nudges.Scheduling;
using Il6Bot.Tests.Features.Nudges.Storage;
using Il6Bot.Tests.Observability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Features.Nudges;

/// <summary>
/// Scheduler, dispatcher and <c>/nudge</c> handler wired by hand around one store, one fake clock and
/// recording posters. <see cref="Restart"/> builds a fresh scheduler and handler on the same store, which
/// is what a process restart looks like to them.
/// </summary>
public sealed class NudgeTestBed : IAsyncDisposable
{
    /// <summary>Monday 23 November 2026, 12:00 UTC.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public const string Tenant = "g1";

    private readonly string? _tempDir;

    private NudgeTestBed(INudgeStore store, FakeTimeProvider time, int nudgeCount, string? tempDir, IReadOnlyList<string>? topics = null)
    {
        Time = time;
        Policy = new ExactlyOncePolicy(time, NullLogger<ExactlyOncePolicy>.Instance);
        Store = store;
        _tempDir = tempDir;
        Content = topics is null ? new FakeContentStore(nudgeCount, Time.GetUtcNow()) : new FakeContentStore(topics, Time.GetUtcNow());
        Restart();
    }

    /// <summary>
    /// A bed on the real SQLite store in a fresh file (the default), or on <see cref="InMemoryNudgeStore"/>.
    /// </summary>
    /// <param name="topics">When given, the nudges instead: nudge <c>i</c> backed by <c>topics[i]</c>.</param>
    public static async Task<NudgeTestBed> CreateAsync(int nudgeCount = 5, DateTimeOffset? start = null, bool inMemory = false, IReadOnlyList<string>? topics = null)
    {
        var time = new FakeTimeProvider(start ?? Monday);
        if (inMemory)
        {
            return new NudgeTestBed(new InMemoryNudgeStore(time), time, nudgeCount, null, topics);
        }

        var dir = Directory.CreateTempSubdirectory("il6bot-nsched-").FullName;
        var store = new SqliteNudgeStore($"Data Source={Path.Combine(dir, "nudges.db")}", time, NullLogger<SqliteNudgeStore>.Instance);
        await store.MigrateAsync(Ct);
        return new NudgeTestBed(store, time, nudgeCount, dir, topics);
    }

    /// <summary>A bed whose store is <paramref name="wrap"/> of a fresh in-memory store (to step in between two store calls).</summary>
    public static NudgeTestBed Around(Func<InMemoryNudgeStore, INudgeStore> wrap, DateTimeOffset? start = null)
    {
        var time = new FakeTimeProvider(start ?? Monday);
        return new NudgeTestBed(wrap(new InMemoryNudgeStore(time)), time, 5, null);
    }

    /// <summary>A bed on an existing store (e.g. the same SQLite file reopened, as after a restart).</summary>
    public static NudgeTestBed On(INudgeStore store, FakeTimeProvider time, int nudgeCount = 5) => new(store, time, nudgeCount, null);

    /// <summary>The SQLite file, for tests that open it again as a new process would.</summary>
    public string? DatabasePath => _tempDir is null ? null : Path.Combine(_tempDir, "nudges.db");

    public async ValueTask DisposeAsync()
    {
        Scheduler.Dispose();
        Wakeup.Dispose();
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_tempDir is not null)
        {
            Directory.Delete(_tempDir, recursive: true);
        }
    }

    public FakeTimeProvider Time { get; }

    public INudgeStore Store { get; }

    public FakeContentStore Content { get; }

    public RecordingNudgePoster Discord { get; private set; } = NewDiscordPoster();

    public RecordingNudgePoster Slack { get; private set; } = new(Platform.Slack);

    /// <summary>Direct messages to moderators (a failing schedule), per platform; kept across restarts.</summary>
    public RecordingDirectMessenger DiscordDirect { get; } = new(Platform.Discord);

    public RecordingDirectMessenger SlackDirect { get; } = new(Platform.Slack);

    /// <summary>Shared by <see cref="Scheduler"/> and <see cref="Handler"/>, as in the host.</summary>
    public NudgeSchedulerWakeup Wakeup { get; private set; } = null!;

    public TestOptionsMonitor<NudgesOptions> Options { get; } = new(new NudgesOptions { DefaultTimeZone = "UTC", MisfireGrace = TimeSpan.FromHours(1) });

    public WeeklyOccurrences Occurrences { get; } = new();

    /// <summary>The exactly-once policy on the bed's clock, for dispatchers built by hand.</summary>
    public ExactlyOncePolicy Policy { get; }

    public NudgeDispatcher Dispatcher { get; private set; } = null!;

    /// <summary>The counts <see cref="Dispatcher"/> records for <c>/insights</c>.</summary>
    public Il6Bot.Features.Insights.InsightsRecorder Insights { get; private set; } = null!;

    public NudgeScheduler Scheduler { get; private set; } = null!;

    /// <summary>The ticks of <see cref="Scheduler"/>'s background loop (its logger).</summary>
    public SchedulerTicks SchedulerTicks { get; private set; } = null!;

    public NudgeCommandHandler Handler { get; private set; } = null!;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>New scheduler, dispatcher, handler and posters on the same store and clock, as after a process restart.</summary>
    public void Restart(bool keepPosters = false)
    {
        if (!keepPosters)
        {
            Discord = NewDiscordPoster();
            Slack = new RecordingNudgePoster(Platform.Slack);
        }

        Insights = new Il6Bot.Features.Insights.InsightsRecorder(Time);
        var failures = new FailingScheduleNotifier([DiscordDirect, SlackDirect], NullLogger<FailingScheduleNotifier>.Instance);
        Dispatcher = new NudgeDispatcher(Store, Content, [Discord, Slack], Policy, TestMetrics.New(), NullLogger<NudgeDispatcher>.Instance, Insights, failures);
        SchedulerTicks = new SchedulerTicks();
        Wakeup?.Dispose();
        Wakeup = new NudgeSchedulerWakeup(Time);
        Scheduler = new NudgeScheduler(Store, Dispatcher, Occurrences, Options, Time, StartedLifetime.Instance, TestMetrics.New(), SchedulerTicks, Wakeup);
        Handler = new NudgeCommandHandler(Store, Dispatcher, Occurrences, Options, Time, NullLogger<NudgeCommandHandler>.Instance, Wakeup);
    }

    /// <summary>Sets the clock (forward only) and runs one scheduler tick.</summary>
    public Task<TickSummary> TickAtAsync(DateTimeOffset instant)
    {
        if (instant > Time.GetUtcNow())
        {
            Time.SetUtcNow(instant);
        }

        return Scheduler.RunOnceAsync(Ct);
    }

    /// <summary>Ticks every <paramref name="step"/> from now until <paramref name="until"/>, like the loop would.</summary>
    public async Task TickUntilAsync(DateTimeOffset until, TimeSpan step)
    {
        for (var t = Time.GetUtcNow(); t <= until; t += step)
        {
            await TickAtAsync(t);
        }
    }

    public Task<Reply> NudgeAsync(string subcommand, params (string Name, string Value)[] options) =>
        NudgeAsAsync(Platform.Discord, Tenant, moderator: true, subcommand, options);

    public Task<Reply> NudgeAsAsync(Platform platform, string tenant, bool moderator, string subcommand, params (string Name, string Value)[] options) =>
        Handler.HandleAsync(
            new CommandRequest(platform, tenant, "C-here", "u1", moderator, "nudge", subcommand, options.ToDictionary(o => o.Name, o => o.Value)),
            Ct);

    /// <summary>Schedules through the command, as a moderator would, and returns the new schedule.</summary>
    public async Task<NudgeSchedule> ScheduleAsync(string channel, string day, string time, string? zone = null, Platform platform = Platform.Discord, string tenant = Tenant)
    {
        (string, string)[] options = zone is null
            ? [("channel", channel), ("day", day), ("time", time)]
            : [("channel", channel), ("day", day), ("time", time), ("timezone", zone)];
        var reply = await NudgeAsAsync(platform, tenant, moderator: true, "schedule", options);
        var text = Text(reply);
        Assert.StartsWith("Scheduled ", text, StringComparison.Ordinal);
        var id = text["Scheduled ".Length..text.IndexOf(':', StringComparison.Ordinal)];
        return (await Store.GetAsync(platform, tenant, id, Ct))!;
    }

    public static string Text(Reply reply) => PlainText.Render(reply);

    /// <summary>Stands in for Discord's poster with its nonce window; unlike Discord it also answers lookups (<see cref="RecordingNudgePoster.LookupAnswer"/>).</summary>
    private static RecordingNudgePoster NewDiscordPoster() => new(Platform.Discord, Il6Bot.Discord.Rest.DiscordNudgePoster.NonceWindow);
}
