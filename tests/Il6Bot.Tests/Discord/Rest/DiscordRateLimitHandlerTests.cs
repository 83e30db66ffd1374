using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Il6Bot.Discord.Rest;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Observability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Discord.Rest;

/// <summary>Pacing and 429 handling under a fake clock: every wait is observed as a timer, never slept.</summary>
public sealed class DiscordRateLimitHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_exhausted_bucket_waits_for_its_reset_before_the_next_request()
    {
        var clock = new SignallingClock();
        var inner = new ScriptedHandler();
        inner.Enqueue(HttpStatusCode.OK, remaining: 0, resetAfter: 2.5);
        inner.Enqueue(HttpStatusCode.OK, remaining: 4, resetAfter: 1);
        using var client = Client(clock, inner);

        (await client.PostAsync("channels/1/messages", null, Ct)).Dispose();
        var second = client.PostAsync("channels/1/messages", null, Ct);

        Assert.Equal(TimeSpan.FromSeconds(2.5), await clock.NextTimerAsync());
        Assert.Equal(1, inner.Count);
        clock.Fake.Advance(TimeSpan.FromSeconds(2.5));
        (await second).Dispose();
        Assert.Equal(2, inner.Count);
    }

    [Fact]
    public async Task Another_channel_is_another_bucket()
    {
        var clock = new SignallingClock();
        var inner = new ScriptedHandler();
        inner.Enqueue(HttpStatusCode.OK, remaining: 0, resetAfter: 30);
        inner.Enqueue(HttpStatusCode.OK, remaining: 4, resetAfter: 1);
        using var client = Client(clock, inner);

        (await client.PostAsync("channels/1/messages", null, Ct)).Dispose();
        (await client.PostAsync("channels/2/messages", null, Ct)).Dispose();

        Assert.Equal(2, inner.Count);
        Assert.False(clock.HasTimer);
    }

    [Fact]
    public async Task A_429_waits_retry_after_from_the_body_and_retries_once()
    {
        var clock = new SignallingClock();
        var inner = new ScriptedHandler();
        inner.Enqueue429(retryAfter: 1.25, global: false);
        inner.Enqueue(HttpStatusCode.OK);
        using var client = Client(clock, inner);

        var post = client.PostAsync("channels/1/messages", null, Ct);

        Assert.Equal(TimeSpan.FromSeconds(1.25), await clock.NextTimerAsync());
        clock.Fake.Advance(TimeSpan.FromSeconds(1.25));
        using var response = await post;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, inner.Count);
    }

    [Fact]
    public async Task A_global_429_pauses_every_route()
    {
        var clock = new SignallingClock();
        var inner = new ScriptedHandler();
        inner.Enqueue429(retryAfter: 3, global: true);
        inner.Enqueue(HttpStatusCode.OK);
        inner.Enqueue(HttpStatusCode.OK);
        using var client = Client(clock, inner);

        var first = client.PostAsync("channels/1/messages", null, Ct);
        Assert.Equal(TimeSpan.FromSeconds(3), await clock.NextTimerAsync());
        var other = client.GetAsync("channels/9", Ct);
        Assert.True(await clock.NextTimerAsync() > TimeSpan.Zero);
        Assert.Equal(1, inner.Count);

        clock.Fake.Advance(TimeSpan.FromSeconds(3));
        (await first).Dispose();
        (await other).Dispose();
        Assert.Equal(3, inner.Count);
    }

    [Fact]
    public async Task A_429_without_a_JSON_body_is_read_from_its_Retry_After_and_global_headers()
    {
        // A proxy's HTML 429 page: only the headers say how long, and that every route must wait.
        var clock = new SignallingClock();
        var inner = new ScriptedHandler();
        inner.Enqueue429FromProxy(retryAfterSeconds: 4, global: true);
        inner.Enqueue(HttpStatusCode.OK);
        inner.Enqueue(HttpStatusCode.OK);
        using var client = Client(clock, inner);

        var first = client.PostAsync("channels/1/messages", null, Ct);
        Assert.Equal(TimeSpan.FromSeconds(4), await clock.NextTimerAsync());
        var other = client.GetAsync("channels/9", Ct);
        var otherWaits = clock.NextTimerAsync();
        Assert.NotSame(other, await Task.WhenAny(other, otherWaits));
        Assert.Equal(1, inner.Count);

        clock.Fake.Advance(TimeSpan.FromSeconds(4));
        (await first).Dispose();
        (await other).Dispose();
        Assert.Equal(3, inner.Count);
    }

    [Fact]
    public async Task A_shorter_global_pause_does_not_cut_a_longer_one_short()
    {
        var clock = new SignallingClock();
        var limiter = new DiscordRateLimiter(clock);
        limiter.PauseGlobal(TimeSpan.FromSeconds(10));
        limiter.PauseGlobal(TimeSpan.FromSeconds(2));

        var acquiring = limiter.AcquireGlobalAsync(counts: true, Ct);

        Assert.Equal(TimeSpan.FromSeconds(10), await clock.NextTimerAsync());
        clock.Fake.Advance(TimeSpan.FromSeconds(10));
        (await acquiring).Dispose();
    }

    [Fact]
    public async Task Persistent_429s_are_handed_back_after_the_retry_budget()
    {
        var clock = new SignallingClock();
        var inner = new ScriptedHandler();
        for (var i = 0; i <= DiscordRateLimiter.Max429Retries; i++)
        {
            inner.Enqueue429(retryAfter: 0, global: false);
        }

        using var client = Client(clock, inner);

        using var response = await client.PostAsync("channels/1/messages", null, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(DiscordRateLimiter.Max429Retries + 1, inner.Count);
    }

    [Fact]
    public async Task The_global_pace_never_lets_more_than_50_sends_into_any_rolling_second()
    {
        var clock = new SignallingClock();
        var limiter = new DiscordRateLimiter(clock);
        var driver = new Driver(clock);
        var sends = new List<(DateTimeOffset Arrived, DateTimeOffset Sent)>();

        // Bursts and gaps that straddle window edges: a fixed window anchored at the first send lets 99
        // through between 0.99 s and 1.99 s of this pattern.
        int[] burst = [1, 149, 7, 60, 3, 120];
        int[] gapMs = [990, 0, 430, 1700, 15, 0];
        for (var b = 0; b < burst.Length; b++)
        {
            for (var i = 0; i < burst[b]; i++)
            {
                var arrived = clock.GetUtcNow();
                using (await driver.RunAsync(limiter.AcquireGlobalAsync(counts: true, Ct)))
                {
                    sends.Add((arrived, clock.GetUtcNow()));
                }

            }

            clock.Fake.Advance(TimeSpan.FromMilliseconds(gapMs[b]));
        }

        Assert.Equal(burst.Sum(), sends.Count);
        Assert.True(MostInAnyRollingSecond(sends.Select(s => s.Sent).ToList()) <= DiscordRateLimiter.GlobalPerSecond);

        // ...and no slower than that rule needs: a send waits only for its own arrival or for the send 50 before it to be a window old.
        for (var i = 0; i < sends.Count; i++)
        {
            var allowed = i < DiscordRateLimiter.GlobalPerSecond ? sends[i].Arrived : Max(sends[i].Arrived, sends[i - DiscordRateLimiter.GlobalPerSecond].Sent + limiter.GlobalWindow);
            Assert.Equal(allowed, sends[i].Sent);
        }
    }

    [Fact]
    public async Task The_window_counts_from_the_response_so_latency_cannot_squeeze_51_into_a_server_window()
    {
        var clock = new SignallingClock();
        var limiter = new DiscordRateLimiter(clock);
        var leases = new List<DiscordGlobalLease>();
        for (var i = 0; i < DiscordRateLimiter.GlobalPerSecond; i++)
        {
            leases.Add(await limiter.AcquireGlobalAsync(counts: true, Ct));
        }

        var next = limiter.AcquireGlobalAsync(counts: true, Ct);
        clock.Fake.Advance(TimeSpan.FromMilliseconds(300)); // the 50 responses take 300 ms
        Assert.False(next.IsCompleted);
        Assert.False(clock.HasTimer); // waiting for the oldest response, not on a guess

        leases[0].Dispose();
        Assert.Equal(TimeSpan.FromSeconds(1), await clock.NextTimerAsync());
        clock.Fake.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(next.IsCompleted);
        clock.Fake.Advance(TimeSpan.FromMilliseconds(1));
        (await next).Dispose();
        Assert.Equal(TimeSpan.FromMilliseconds(1300), clock.Fake.GetUtcNow() - DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        leases.ForEach(l => l.Dispose());
    }

    [Fact]
    public async Task Interaction_webhooks_are_neither_paced_nor_held_by_a_global_pause()
    {
        // Discord docs (Rate Limits): "Interaction endpoints are not bound to the bot's Global Rate Limit".
        var clock = new SignallingClock();
        var limiter = new DiscordRateLimiter(clock);
        for (var i = 0; i < DiscordRateLimiter.GlobalPerSecond; i++)
        {
            await limiter.AcquireGlobalAsync(counts: true, Ct);
        }

        await limiter.AcquireGlobalAsync(counts: false, Ct); // over the pace, but exempt

        limiter.PauseGlobal(TimeSpan.FromSeconds(2));
        var exempt = limiter.AcquireGlobalAsync(counts: false, Ct);
        Assert.True(exempt.IsCompletedSuccessfully);
        Assert.False(clock.HasTimer);
    }

    [Fact]
    public async Task After_a_global_429_an_interaction_callback_goes_out_at_once_while_other_routes_wait()
    {
        var clock = new SignallingClock();
        var inner = new ScriptedHandler();
        inner.Enqueue429(retryAfter: 3, global: true);
        inner.Enqueue(HttpStatusCode.NoContent);
        inner.Enqueue(HttpStatusCode.OK);
        using var client = Client(clock, inner);

        var message = client.PostAsync("channels/1/messages", null, Ct);
        Assert.Equal(TimeSpan.FromSeconds(3), await clock.NextTimerAsync());

        using (var callback = await client.PostAsync("interactions/9/token/callback", null, Ct).WaitAsync(E2E.Timeout, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, callback.StatusCode);
        }

        Assert.Equal(2, inner.Count);
        clock.Fake.Advance(TimeSpan.FromSeconds(3));
        (await message).Dispose();
        Assert.Equal(3, inner.Count);
    }

    [Fact]
    public async Task Against_a_fake_Discord_with_a_global_limit_the_client_paces_itself_before_any_429()
    {
        // The server's windows are whole seconds of the shared fake clock; the client starts 0.6 s into one.
        var clock = new SignallingClock(DateTimeOffset.Parse("2026-01-01T00:00:00.600Z", CultureInfo.InvariantCulture));
        await using var fake = await Il6Bot.Testing.Fakes.FakeDiscordApi.StartAsync();
        fake.Clock = clock;
        fake.GlobalLimit = DiscordRateLimiter.GlobalPerSecond;
        var channels = Enumerable.Range(1, 150).Select(i => (1000 + i).ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var channel in channels)
        {
            fake.Channels[channel] = ("9", 0);
        }

        using var client = Client(new DiscordRateLimiter(clock), fake.ApiBaseUrl);
        var driver = new Driver(clock);
        for (var i = 0; i < channels.Count; i++)
        {
            using var response = await driver.RunAsync(client.PostAsync($"channels/{channels[i]}/messages", Json("{}"), Ct));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (i == 0)
            {
                clock.Fake.Advance(TimeSpan.FromMilliseconds(950)); // then the rest in a burst across the server's window edge
            }
        }

        Assert.Equal(0, fake.Global429Count);
        Assert.Equal(150, fake.MessagesCreated);
        Assert.Equal(DiscordRateLimiter.GlobalPerSecond, fake.PeakPerGlobalWindow);
    }

    [Fact]
    public async Task A_global_429_from_the_fake_pauses_for_its_retry_after_and_then_succeeds()
    {
        var clock = new SignallingClock(DateTimeOffset.Parse("2026-01-01T00:00:00.250Z", CultureInfo.InvariantCulture));
        await using var fake = await Il6Bot.Testing.Fakes.FakeDiscordApi.StartAsync();
        fake.Clock = clock;
        fake.GlobalLimit = 3; // lower than the client's pace, so the server has to say so
        fake.Channels["7"] = ("9", 0);
        using var client = Client(new DiscordRateLimiter(clock), fake.ApiBaseUrl);
        var driver = new Driver(clock);

        for (var i = 0; i < 4; i++)
        {
            using var response = await driver.RunAsync(client.PostAsync("channels/7/messages", Json("{}"), Ct));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var limited = Assert.Single(fake.Requests, r => r.Status == 429);
        Assert.True(limited.GlobalLimited);
        Assert.Equal(1, fake.Global429Count);

        // The fourth went out again exactly when the fake's retry_after (0.75 s) said, on the next window.
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:00:01.000Z", CultureInfo.InvariantCulture), clock.GetUtcNow());
        Assert.Equal(4, fake.MessagesCreated);
    }

    [Theory]
    [InlineData("POST", "/api/v10/channels/123/messages", "POST/api/v10/channels/123/messages", true)]
    [InlineData("PATCH", "/api/v10/channels/123/messages/456", "PATCH/api/v10/channels/123/messages/{id}", true)]
    [InlineData("PUT", "/api/v10/applications/1/guilds/2/commands", "PUT/api/v10/applications/{id}/guilds/2/commands", true)]
    [InlineData("PATCH", "/api/v10/webhooks/1/SECRET/messages/@original", "PATCH/api/v10/webhooks/{id}/{token}/messages/@original", false)]
    public void Routes_are_bucketed_by_major_parameter_and_log_without_tokens(string method, string path, string display, bool global)
    {
        var route = DiscordRoute.From(new HttpMethod(method), new Uri("http://x" + path));

        Assert.Equal(display, route.Display);
        Assert.Equal(global, route.CountsTowardsGlobal);
        Assert.DoesNotContain("SECRET", route.Display, StringComparison.Ordinal);
    }

    private static HttpClient Client(DiscordRateLimiter limiter, string apiBaseUrl) =>
        new(new DiscordRateLimitHandler(limiter, TestMetrics.New(), NullLogger<DiscordRateLimitHandler>.Instance) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = new Uri(apiBaseUrl + "/"),
        };

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static int MostInAnyRollingSecond(List<DateTimeOffset> sorted)
    {
        var most = 0;
        for (int start = 0, end = 0; start < sorted.Count; start++)
        {
            while (end < sorted.Count && sorted[end] - sorted[start] < TimeSpan.FromSeconds(1))
            {
                end++;
            }

            most = Math.Max(most, end - start);
        }

        return most;
    }

    private static void FinishCompleted(List<Task<DiscordGlobalLease>> leases)
    {
        foreach (var lease in leases.Where(l => l.IsCompletedSuccessfully))
        {
            lease.Result.Dispose();
        }
    }

    private static async Task WaitForCompletedAsync(List<Task<DiscordGlobalLease>> tasks, int count)
    {
        while (tasks.Count(t => t.IsCompleted) < count)
        {
            await Task.WhenAny(tasks.Where(t => !t.IsCompleted)).WaitAsync(Ct);
        }
    }

    private static HttpClient Client(SignallingClock clock, ScriptedHandler inner) =>
        new(new DiscordRateLimitHandler(new DiscordRateLimiter(clock), TestMetrics.New(), NullLogger<DiscordRateLimitHandler>.Instance) { InnerHandler = inner })
        {
            BaseAddress = new Uri("http://discord.test/api/v10/"),
        };

    /// <summary>A fake clock that reports each timer (i.e. each wait) as it is created.</summary>
    private sealed class SignallingClock : TimeProvider
    {
        private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

        public SignallingClock(DateTimeOffset? start = null) =>
            Fake = new(start ?? DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

        public FakeTimeProvider Fake { get; }

        public bool HasTimer => _timers.Reader.Count > 0;

        public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

        public override long GetTimestamp() => Fake.GetTimestamp();

        public override long TimestampFrequency => Fake.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = Fake.CreateTimer(callback, state, dueTime, period);
            _timers.Writer.TryWrite(dueTime);
            return timer;
        }

        // A liveness guard: code that never waits makes the test fail, not hang.
        public async Task<TimeSpan> NextTimerAsync() => await _timers.Reader.ReadAsync(Ct).AsTask().WaitAsync(E2E.Timeout, Ct);
    }

    /// <summary>
    /// Runs one operation at a time on the fake clock: while it is waiting, advances the clock by exactly
    /// the wait it asked for. Nothing else creates timers meanwhile, so the clock reads the same when the
    /// operation completes as when it was let through.
    /// </summary>
    private sealed class Driver(SignallingClock clock)
    {
        private Task<TimeSpan>? _nextTimer;

        public async Task RunAsync(Task operation)
        {
            while (true)
            {
                _nextTimer ??= clock.NextTimerAsync();
                if (await Task.WhenAny(operation, _nextTimer) == operation)
                {
                    await operation;
                    return;
                }

                var due = await _nextTimer;
                _nextTimer = null;
                clock.Fake.Advance(due);
            }
        }

        public async Task<T> RunAsync<T>(Task<T> operation)
        {
            await RunAsync((Task)operation);
            return await operation;
        }
    }

    private sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpResponseMessage>> _responses = new();
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Enqueue(HttpStatusCode status, int? remaining = null, double? resetAfter = null) => _responses.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent("{\"id\":\"1\"}") };
            if (remaining is not null)
            {
                response.Headers.Add("X-RateLimit-Remaining", remaining.Value.ToString(CultureInfo.InvariantCulture));
                response.Headers.Add("X-RateLimit-Reset-After", resetAfter!.Value.ToString(CultureInfo.InvariantCulture));
            }

            return response;
        });

        public void Enqueue429(double retryAfter, bool global) => _responses.Enqueue(() => new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent($$"""{"message":"slow down","retry_after":{{retryAfter.ToString(CultureInfo.InvariantCulture)}},"global":{{(global ? "true" : "false")}}}"""),
        });

        public void Enqueue429FromProxy(int retryAfterSeconds, bool global) => _responses.Enqueue(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("<html><body>429 Too Many Requests</body></html>") };
            response.Headers.Add("Retry-After", retryAfterSeconds.ToString(CultureInfo.InvariantCulture));
            if (global)
            {
                response.Headers.Add("X-RateLimit-Global", "true");
            }

            return response;
        });

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            lock (_responses)
            {
                return Task.FromResult(_responses.Dequeue()());
            }
        }
    }
}
