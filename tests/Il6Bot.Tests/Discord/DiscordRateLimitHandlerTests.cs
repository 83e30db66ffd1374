using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Il6Bot.Discord;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Discord;

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
    public async Task Persistent_429s_are_handed_back_after_the_retry_budget()
    {
        var clock = new SignallingClock();
        var inner = new ScriptedHandler();
        for (var i = 0; i <= DiscordRateLimitHandler.Max429Retries; i++)
        {
            inner.Enqueue429(retryAfter: 0, global: false);
        }

        using var client = Client(clock, inner);

        using var response = await client.PostAsync("channels/1/messages", null, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(DiscordRateLimitHandler.Max429Retries + 1, inner.Count);
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

    private static HttpClient Client(SignallingClock clock, ScriptedHandler inner) =>
        new(new DiscordRateLimitHandler(new DiscordRateLimiter(clock), NullLogger<DiscordRateLimitHandler>.Instance) { InnerHandler = inner })
        {
            BaseAddress = new Uri("http://discord.test/api/v10/"),
        };

    /// <summary>A fake clock that reports each timer (i.e. each wait) as it is created.</summary>
    private sealed class SignallingClock : TimeProvider
    {
        private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

        public FakeTimeProvider Fake { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

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

        public async Task<TimeSpan> NextTimerAsync() => await _timers.Reader.ReadAsync(Ct);
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
