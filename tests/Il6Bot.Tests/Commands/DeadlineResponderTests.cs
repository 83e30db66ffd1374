using Il6Bot.Commands;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Commands;

/// <summary>Answer within the platform's deadline, or acknowledge and finish later; a graceful stop waits for what is late.</summary>
public sealed class DeadlineResponderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    // A liveness guard only: each wait below completes as soon as the fake clock or the test lets it.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Work_done_before_the_deadline_is_answered_at_once()
    {
        var time = new FakeTimeProvider();
        using var responder = new DeadlineResponder("test", time, NullLogger<DeadlineResponder>.Instance);
        var work = new TaskCompletionSource();

        var within = responder.CompletesWithinAsync(work.Task, Deadline, Ct);
        work.SetResult();

        Assert.True(await within.WaitAsync(Guard, Ct));
    }

    [Fact]
    public async Task Work_still_running_at_the_deadline_is_left_to_finish_later()
    {
        var time = new FakeTimeProvider();
        using var responder = new DeadlineResponder("test", time, NullLogger<DeadlineResponder>.Instance);
        var work = new TaskCompletionSource();

        var within = responder.CompletesWithinAsync(work.Task, Deadline, Ct);
        time.Advance(Deadline);

        Assert.False(await within.WaitAsync(Guard, Ct));
        Assert.False(work.Task.IsCompleted);
    }

    [Fact]
    public async Task A_graceful_stop_waits_until_the_late_answer_is_delivered()
    {
        using var responder = new DeadlineResponder("test", new FakeTimeProvider(), NullLogger<DeadlineResponder>.Instance);
        var release = new TaskCompletionSource();
        var delivered = responder.FinishLater("/slow", _ => release.Task);

        var stopped = responder.StoppedAsync(Ct);

        Assert.False(stopped.IsCompleted);
        release.SetResult();
        await stopped.WaitAsync(Guard, Ct);
        Assert.True(delivered.IsCompletedSuccessfully);
        Assert.False(responder.LateAnswerToken.IsCancellationRequested);
    }

    [Fact]
    public async Task At_the_shutdown_deadline_a_late_answer_is_cancelled_and_the_stop_completes()
    {
        using var responder = new DeadlineResponder("test", new FakeTimeProvider(), NullLogger<DeadlineResponder>.Instance);
        var late = responder.FinishLater("/slow", token => Task.Delay(Timeout.Infinite, token));
        using var shutdownDeadline = new CancellationTokenSource();

        var stopped = responder.StoppedAsync(shutdownDeadline.Token);
        await shutdownDeadline.CancelAsync();
        await stopped.WaitAsync(Guard, Ct);

        Assert.True(responder.LateAnswerToken.IsCancellationRequested);
        Assert.True(late.IsCompletedSuccessfully, "an abandoned answer is logged, never thrown");
    }
}
