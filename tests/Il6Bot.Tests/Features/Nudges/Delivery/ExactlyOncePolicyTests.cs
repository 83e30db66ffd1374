using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Messages;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Features.Nudges.Delivery;

/// <summary>
/// The one exactly-once policy over what a platform declares, whichever platform it is: an ambiguous attempt is
/// looked up where the platform can, reposted with the same key while the platform drops duplicates, and
/// otherwise given up as transient, never posted again at a risk of a second message.
/// </summary>
public sealed class ExactlyOncePolicyTests
{
    private static readonly Reply Nudge = Reply.EphemeralText("Lift today");

    private readonly SignallingTimeProvider _time = new(NudgeTestBed.Monday);

    private static CancellationToken Ct => NudgeTestBed.Ct;

    [Fact]
    public void The_backoff_is_jittered_grows_and_stays_inside_the_budget()
    {
        Assert.True(ExactlyOncePolicy.RetryDelay(1, 0.99) > ExactlyOncePolicy.RetryDelay(1, 0));
        Assert.True(ExactlyOncePolicy.RetryDelay(2, 0) >= ExactlyOncePolicy.RetryDelay(1, 1));
        var worstCase = TimeSpan.Zero;
        for (var attempt = 1; attempt <= ExactlyOncePolicy.MaxPostAttempts; attempt++)
        {
            worstCase += ExactlyOncePolicy.RetryDelay(attempt, 1);
        }

        Assert.True(worstCase < ExactlyOncePolicy.RetryBudget);
        Assert.True(ExactlyOncePolicy.RetryBudget < Il6Bot.Features.Nudges.Scheduling.NudgeScheduler.StaleSendingAfter / 2);
    }

    [Fact]
    public async Task A_final_answer_is_returned_as_it_is_without_waiting_or_looking_up()
    {
        var poster = new ScriptedPoster(new DeliveryGuarantees(TimeSpan.FromMinutes(5), FindsPostsByKey: true), PostResult.Permanent("gone"));

        var result = await Policy().PostAsync(poster, "C1", Nudge, "k1", Ct);

        Assert.Equal(PostResult.Permanent("gone"), result);
        Assert.Equal(1, poster.Posts);
        Assert.Equal(0, poster.Lookups);
    }

    [Fact]
    public async Task Inside_the_idempotency_window_an_ambiguous_post_is_reposted_with_the_same_key_without_a_lookup()
    {
        var poster = new ScriptedPoster(new DeliveryGuarantees(TimeSpan.FromMinutes(5), FindsPostsByKey: false), PostResult.Ambiguous("HTTP 503"), PostResult.Posted("m1"));

        var result = await DriveAsync(Policy().PostAsync(poster, "C1", Nudge, "k1", Ct), backoffs: 1);

        Assert.Equal(PostResult.Posted("m1"), result);
        Assert.Equal(["k1", "k1"], poster.Keys);
        Assert.Equal(0, poster.Lookups);
    }

    [Fact]
    public async Task Past_the_idempotency_window_an_ambiguous_post_is_not_repeated()
    {
        var window = ExactlyOncePolicy.RetryDelay(1, 0) / 2;
        var poster = new ScriptedPoster(new DeliveryGuarantees(window, FindsPostsByKey: false), PostResult.Ambiguous("HTTP 503"), PostResult.Posted("m1"));

        var result = await DriveAsync(Policy().PostAsync(poster, "C1", Nudge, "k1", Ct), backoffs: 1);

        Assert.Equal(PostOutcome.TransientFailure, result.Outcome);
        Assert.Equal("HTTP 503; unknown whether Discord posted it, and it cannot be looked up.", result.Error);
        Assert.Equal(1, poster.Posts);
    }

    [Fact]
    public async Task Reposts_inside_the_window_stop_after_the_most_attempts()
    {
        var poster = new ScriptedPoster(new DeliveryGuarantees(TimeSpan.FromMinutes(5), FindsPostsByKey: false), PostResult.Ambiguous("timeout"));

        var result = await DriveAsync(Policy().PostAsync(poster, "C1", Nudge, "k1", Ct), backoffs: ExactlyOncePolicy.MaxPostAttempts);

        Assert.Equal(PostOutcome.TransientFailure, result.Outcome);
        Assert.Equal(ExactlyOncePolicy.MaxPostAttempts, poster.Posts);
    }

    [Fact]
    public async Task A_lookup_that_finds_the_post_ends_it_even_inside_a_window()
    {
        var poster = new ScriptedPoster(new DeliveryGuarantees(TimeSpan.FromMinutes(5), FindsPostsByKey: true), PostResult.Ambiguous("HTTP 500"))
        {
            Lookup = LookupResult.Found("m-found"),
        };

        var result = await DriveAsync(Policy().PostAsync(poster, "C1", Nudge, "k1", Ct), backoffs: 1);

        Assert.Equal(PostResult.Posted("m-found"), result);
        Assert.Equal(1, poster.Posts);
        Assert.Equal(NudgeTestBed.Monday - ExactlyOncePolicy.LookupMargin, Assert.Single(poster.LookupsSince));
    }

    [Fact]
    public async Task Without_a_window_or_a_lookup_an_ambiguous_post_is_given_up_once()
    {
        var poster = new ScriptedPoster(DeliveryGuarantees.None, PostResult.Ambiguous("connection lost"), PostResult.Posted("m1"));

        var result = await DriveAsync(Policy().PostAsync(poster, "C1", Nudge, "k1", Ct), backoffs: 1);

        Assert.Equal(PostOutcome.TransientFailure, result.Outcome);
        Assert.Equal(1, poster.Posts);
        Assert.Equal(0, poster.Lookups);
    }

    [Fact]
    public async Task No_repost_starts_once_the_retry_budget_is_spent_even_inside_the_window()
    {
        // A first attempt that ran into its own timeouts used the budget up: a repost now could still be in
        // flight when the stale-row check takes the row for abandoned and settles it a second time.
        var poster = new ScriptedPoster(new DeliveryGuarantees(TimeSpan.FromMinutes(5), FindsPostsByKey: false), PostResult.Ambiguous("timeout"), PostResult.Posted("m1"))
        {
            DuringPost = () => _time.Advance(ExactlyOncePolicy.RetryBudget),
        };

        var result = await DriveAsync(Policy().PostAsync(poster, "C1", Nudge, "k1", Ct), backoffs: 1);

        Assert.Equal(PostOutcome.TransientFailure, result.Outcome);
        Assert.Equal("timeout; unknown whether Discord posted it, and it cannot be looked up.", result.Error);
        Assert.Equal(1, poster.Posts);
    }

    private ExactlyOncePolicy Policy() => new(_time, NullLogger<ExactlyOncePolicy>.Instance);

    /// <summary>Lets each of <paramref name="backoffs"/> jittered waits pass once the policy is waiting.</summary>
    private async Task<PostResult> DriveAsync(Task<PostResult> posting, int backoffs)
    {
        for (var attempt = 1; attempt <= backoffs; attempt++)
        {
            var due = await _time.TimerCreatedWithin(ExactlyOncePolicy.RetryDelay(attempt, 0), ExactlyOncePolicy.RetryDelay(attempt, 1), Ct);
            _time.Advance(due);
        }

        return await posting.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    /// <summary>Answers each attempt from a script (the last answer repeats) and a fixed lookup; counts both.</summary>
    private sealed class ScriptedPoster(DeliveryGuarantees guarantees, params PostResult[] answers) : INudgePoster
    {
        private int _posts;

        public Platform Platform => Platform.Discord;

        public DeliveryGuarantees Guarantees => guarantees;

        public LookupResult Lookup { get; init; } = LookupResult.Unknown;

        public int Posts => _posts;

        /// <summary>Runs inside each post, e.g. to let the fake clock move as a slow attempt would.</summary>
        public Action? DuringPost { get; init; }

        public List<string> Keys { get; } = [];

        public List<DateTimeOffset> LookupsSince { get; } = [];

        public int Lookups => LookupsSince.Count;

        public Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
        {
            Keys.Add(idempotencyKey);
            DuringPost?.Invoke();
            return Task.FromResult(answers[Math.Min(_posts++, answers.Length - 1)]);
        }

        public Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken) =>
            Task.FromResult(ChannelCheck.Ok);

        public Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken)
        {
            LookupsSince.Add(since);
            return Task.FromResult(Lookup);
        }
    }
}
