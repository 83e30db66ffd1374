using Il6Bot.Transports.Replay;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Transports.Replay;

public sealed class RecentAnswersTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private RecentAnswers<ulong, string> Answers(int capacity = 10) => new(capacity, TimeSpan.FromMinutes(10), _clock);

    [Fact]
    public async Task A_key_seen_before_gets_the_first_answer_and_is_not_begun_again()
    {
        var answers = Answers();
        Assert.True(answers.TryBegin(1, out _));
        answers.Complete(1, "first answer");

        Assert.False(answers.TryBegin(1, out var again));
        Assert.Equal("first answer", await again!);
        Assert.True(answers.TryBegin(2, out _));
    }

    [Fact]
    public async Task Copies_that_arrive_while_the_first_runs_wait_for_its_answer()
    {
        var answers = Answers();
        Assert.True(answers.TryBegin(1, out _));

        var copies = Enumerable.Range(0, 5).Select(_ =>
        {
            Assert.False(answers.TryBegin(1, out var earlier));
            return earlier!;
        }).ToList();
        Assert.All(copies, copy => Assert.False(copy.IsCompleted));
        answers.Complete(1, "done");

        Assert.All(await Task.WhenAll(copies), answer => Assert.Equal("done", answer));
        Assert.False(answers.TryBegin(1, out var later));
        Assert.Equal("done", await later!);
    }

    [Fact]
    public async Task When_the_first_throws_every_copy_gets_the_exception_and_none_runs_again()
    {
        var answers = Answers();
        Assert.True(answers.TryBegin(1, out _));
        Assert.False(answers.TryBegin(1, out var waiting));

        answers.Fail(1, new InvalidOperationException("boom"));

        Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => waiting!)).Message);
        Assert.False(answers.TryBegin(1, out var later));
        await Assert.ThrowsAsync<InvalidOperationException>(() => later!);
    }

    [Fact]
    public void An_answer_is_forgotten_once_its_lifetime_has_passed()
    {
        var answers = Answers();
        Assert.True(answers.TryBegin(1, out _));
        answers.Complete(1, "x");

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.False(answers.TryBegin(1, out _));
        Assert.True(answers.TryBegin(2, out _));
        answers.Complete(2, "y");
        Assert.Equal(2, answers.Count);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(answers.TryBegin(3, out _));
        answers.Complete(3, "z");
        Assert.Equal(2, answers.Count);
        Assert.True(answers.TryBegin(1, out _));
    }

    [Fact]
    public void However_many_requests_arrive_within_the_lifetime_at_most_capacity_are_kept_oldest_dropped_first()
    {
        var answers = Answers(capacity: 1_000);
        for (var i = 0UL; i < 10_000; i++)
        {
            Assert.True(answers.TryBegin(i, out _));
            answers.Complete(i, "answer");
            Assert.True(answers.Count <= 1_000);
        }

        Assert.False(answers.TryBegin(9_999, out _));
        Assert.False(answers.TryBegin(9_000, out _));
        Assert.True(answers.TryBegin(8_999, out _));
    }

    [Fact]
    public async Task Requests_still_running_are_not_dropped_by_the_count_bound()
    {
        var answers = Answers(capacity: 2);
        Assert.True(answers.TryBegin(1, out _));
        Assert.False(answers.TryBegin(1, out var waiting));
        for (var i = 2UL; i < 10; i++)
        {
            Assert.True(answers.TryBegin(i, out _));
            answers.Complete(i, "other");
        }

        Assert.False(answers.TryBegin(1, out _));
        answers.Complete(1, "late");

        Assert.Equal("late", await waiting!);
        Assert.Equal(2, answers.Count);
    }

    [Fact]
    public void With_an_infinite_lifetime_only_the_count_bound_forgets()
    {
        var answers = new RecentAnswers<string, bool>(2, Timeout.InfiniteTimeSpan, _clock);
        Assert.True(answers.TryBegin("a", out _));
        answers.Complete("a", true);

        _clock.Advance(TimeSpan.FromDays(3650));
        Assert.False(answers.TryBegin("a", out _));

        Assert.True(answers.TryBegin("b", out _));
        answers.Complete("b", true);
        Assert.True(answers.TryBegin("c", out _));
        answers.Complete("c", true);
        Assert.True(answers.TryBegin("a", out _));
        Assert.False(answers.TryBegin("c", out _));
    }

    [Fact]
    public void A_lifetime_that_is_neither_positive_nor_infinite_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentAnswers<string, bool>(2, TimeSpan.Zero, _clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentAnswers<string, bool>(2, TimeSpan.FromSeconds(-2), _clock));
    }
}
