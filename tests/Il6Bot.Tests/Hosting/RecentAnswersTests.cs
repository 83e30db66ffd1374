using Il6Bot.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Hosting;

public sealed class RecentAnswersTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_key_seen_before_gets_the_first_answer_and_is_not_begun_again()
    {
        var answers = new RecentAnswers<string>(10, TimeSpan.FromMinutes(10), _clock);
        var first = answers.TryBegin("a", out _)!;
        answers.Complete("a", first, "first answer");

        Assert.Null(answers.TryBegin("a", out var again));
        Assert.Equal("first answer", await again);
        Assert.NotNull(answers.TryBegin("b", out _));
    }

    [Fact]
    public async Task Copies_that_arrive_while_the_first_runs_wait_for_its_answer()
    {
        var answers = new RecentAnswers<string>(10, TimeSpan.FromMinutes(10), _clock);
        var first = answers.TryBegin("a", out _)!;

        var copies = Enumerable.Range(0, 5).Select(_ =>
        {
            Assert.Null(answers.TryBegin("a", out var earlier));
            return earlier;
        }).ToList();
        Assert.All(copies, copy => Assert.False(copy.IsCompleted));
        answers.Complete("a", first, "done");

        Assert.All(await Task.WhenAll(copies), answer => Assert.Equal("done", answer));
    }

    [Fact]
    public async Task When_the_first_throws_every_copy_gets_the_exception_and_none_runs_again()
    {
        var answers = new RecentAnswers<string>(10, TimeSpan.FromMinutes(10), _clock);
        var first = answers.TryBegin("a", out _)!;
        Assert.Null(answers.TryBegin("a", out var waiting));

        first.TrySetException(new InvalidOperationException("boom"));

        Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => waiting)).Message);
        Assert.Null(answers.TryBegin("a", out var later));
        await Assert.ThrowsAsync<InvalidOperationException>(() => later);
    }

    [Fact]
    public void An_answer_is_forgotten_once_its_lifetime_has_passed()
    {
        var answers = new RecentAnswers<string>(10, TimeSpan.FromMinutes(10), _clock);
        answers.Complete("a", answers.TryBegin("a", out _)!, "x");

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Null(answers.TryBegin("a", out _));
        answers.Complete("b", answers.TryBegin("b", out _)!, "y");
        Assert.Equal(2, answers.Count);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(answers.TryBegin("c", out _));
        Assert.Equal(2, answers.Count);
        Assert.NotNull(answers.TryBegin("a", out _));
    }

    [Fact]
    public void However_many_requests_arrive_within_the_lifetime_at_most_capacity_are_kept_oldest_dropped_first()
    {
        var answers = new RecentAnswers<int>(1_000, TimeSpan.FromHours(1), _clock);
        for (var i = 0; i < 10_000; i++)
        {
            answers.Complete($"k{i}", answers.TryBegin($"k{i}", out _)!, i);
            Assert.True(answers.Count <= 1_000);
        }

        Assert.Null(answers.TryBegin("k9999", out _));
        Assert.Null(answers.TryBegin("k9001", out _));
        Assert.NotNull(answers.TryBegin("k8999", out _));
    }

    [Fact]
    public async Task A_first_still_running_when_its_entry_is_dropped_still_answers_the_copies_already_waiting()
    {
        var answers = new RecentAnswers<string>(2, TimeSpan.FromHours(1), _clock);
        var first = answers.TryBegin("a", out _)!;
        Assert.Null(answers.TryBegin("a", out var waiting));
        answers.TryBegin("b", out _);
        answers.TryBegin("c", out _);

        answers.Complete("a", first, "late");

        Assert.Equal("late", await waiting);
        Assert.Equal(2, answers.Count);
    }
}
