using Il6Bot.Transports.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Transports.Sockets;

public sealed class InFlightWorkTests
{
    [Fact]
    public async Task Start_returns_before_the_work_runs_so_a_receive_loop_never_waits_for_it()
    {
        using var work = new InFlightWork();
        using var gate = new ManualResetEventSlim();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        work.Start(() =>
        {
            gate.Wait(TestContext.Current.CancellationToken);
            ran.SetResult();
            return Task.CompletedTask;
        });
        gate.Set();

        await ran.Task.Within10s();
    }

    [Fact]
    public async Task Drain_waits_for_running_work_and_reports_it_finished()
    {
        using var work = new InFlightWork();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Start(async () =>
        {
            started.SetResult();
            await release.Task;
        });
        await started.Task.Within10s();

        var drain = work.DrainAsync(TimeSpan.FromSeconds(5), new FakeTimeProvider());
        Assert.False(drain.IsCompleted);
        release.SetResult();

        Assert.True(await drain.Within10s());
        Assert.False(work.GiveUp.IsCancellationRequested);
    }

    [Fact]
    public async Task Drain_that_runs_out_of_time_asks_the_rest_to_give_up()
    {
        using var work = new InFlightWork();
        var time = new FakeTimeProvider();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gaveUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Start(async () =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, work.GiveUp);
            }
            catch (OperationCanceledException)
            {
                gaveUp.SetResult();
            }
        });
        await started.Task.Within10s();

        var drain = work.DrainAsync(TimeSpan.FromSeconds(5), time);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await drain.Within10s());
        await gaveUp.Task.Within10s();
    }

    [Fact]
    public async Task Drain_with_nothing_in_flight_finishes_at_once()
    {
        using var work = new InFlightWork();

        Assert.True(await work.DrainAsync(TimeSpan.FromSeconds(5), new FakeTimeProvider()).Within10s());
    }
}
