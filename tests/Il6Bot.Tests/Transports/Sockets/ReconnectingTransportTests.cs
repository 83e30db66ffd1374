using Il6Bot.Commands;
using Il6Bot.Transports;
using Il6Bot.Transports.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Tests.Transports.Sockets;

/// <summary>The loop every transport shares, driven by a <see cref="ScriptedTransport"/> on a fake clock.</summary>
public sealed class ReconnectingTransportTests
{
    [Fact]
    public async Task Failures_back_off_exponentially_with_jitter_up_to_the_cap_and_never_reconnect_early()
    {
        using var transport = ScriptedTransport.Create(random: 0.5);
        await using var running = transport.Start();

        var waits = new List<TimeSpan>();
        var attempts = new List<DateTimeOffset>();
        var dueAt = new List<DateTimeOffset>();
        for (var i = 0; i < 8; i++)
        {
            transport.Then(new TransportEnd.Retry("down"));
            attempts.Add(await transport.Attempts.WaitForAsync(_ => true));
            var waiting = await transport.States.WaitForAsync(s => s.State == TransportState.Reconnecting);
            waits.Add(waiting.RetryIn!.Value);
            dueAt.Add(waiting.Since + waiting.RetryIn.Value);

            // A tick short of the delay first: an attempt made then would carry the earlier time.
            transport.FakeTime.Advance(waiting.RetryIn.Value - TimeSpan.FromTicks(1));
            transport.FakeTime.Advance(TimeSpan.FromTicks(1));
        }

        attempts.Add(await transport.Attempts.WaitForAsync(_ => true));
        Assert.Equal(new[] { 0.75, 1.5, 3, 6, 12, 22.5, 22.5, 22.5 }.Select(TimeSpan.FromSeconds), waits);
        Assert.Equal(dueAt, attempts.Skip(1));
    }

    [Fact]
    public async Task An_established_session_starts_the_backoff_again()
    {
        using var transport = ScriptedTransport.Create(random: 0.5);
        await using var running = transport.Start();
        transport.Then(new TransportEnd.Retry("down"), new TransportEnd.Retry("down"));
        transport.Then((t, _) =>
        {
            t.Connected("up");
            return Task.FromResult<TransportEnd>(new TransportEnd.Retry("dropped"));
        });

        var delays = new List<TimeSpan?>();
        for (var i = 0; i < 3; i++)
        {
            var waiting = await transport.States.WaitForAsync(s => s.State == TransportState.Reconnecting);
            delays.Add(waiting.RetryIn);
            transport.FakeTime.Advance(waiting.RetryIn!.Value);
        }

        Assert.Equal([TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(0.75)], delays);
    }

    [Fact]
    public async Task A_fixed_delay_is_waited_as_given_and_leaves_the_backoff_where_it_was()
    {
        using var transport = ScriptedTransport.Create(random: 0.5);
        await using var running = transport.Start();
        transport.Then(
            new TransportEnd.Retry("told to wait", TimeSpan.FromSeconds(3)),
            new TransportEnd.Retry("asked to reconnect", TimeSpan.Zero),
            new TransportEnd.Retry("down"));

        var fixedWait = await transport.States.WaitForAsync(s => s.State == TransportState.Reconnecting);
        transport.FakeTime.Advance(TimeSpan.FromSeconds(3));
        var immediate = await transport.States.WaitForAsync(s => s.State == TransportState.Reconnecting);
        var backoff = await transport.States.WaitForAsync(s => s.State == TransportState.Reconnecting);

        Assert.Equal(TimeSpan.FromSeconds(3), fixedWait.RetryIn);
        Assert.StartsWith("told to wait; retrying in ", fixedWait.Detail, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, immediate.RetryIn);
        Assert.Equal(TimeSpan.FromSeconds(0.75), backoff.RetryIn);
    }

    [Fact]
    public async Task Replace_opens_the_next_connection_at_once_without_backoff()
    {
        using var transport = ScriptedTransport.Create(random: 0.5);
        await using var running = transport.Start();
        transport.Then(new TransportEnd.Replace("refresh requested; opening a new connection"), new TransportEnd.Retry("down"));

        var first = await transport.Attempts.WaitForAsync(_ => true);
        var replacing = await transport.States.WaitForAsync(s => s.State == TransportState.Reconnecting);
        var second = await transport.Attempts.WaitForAsync(_ => true);
        var waiting = await transport.States.WaitForAsync(s => s.State == TransportState.Reconnecting);

        Assert.Equal("refresh requested; opening a new connection", replacing.Detail);
        Assert.Null(replacing.RetryIn);
        Assert.Equal(first, second);
        Assert.Equal(TimeSpan.FromSeconds(0.75), waiting.RetryIn);
    }

    [Fact]
    public async Task A_fatal_end_stops_for_good_marks_the_status_unhealthy_and_drains()
    {
        using var transport = ScriptedTransport.Create();
        transport.Then(new TransportEnd.Fatal("the token was refused"));

        await transport.RunAsync(CancellationToken.None).Within10s();

        var current = transport.TransportStatus.Current;
        Assert.Equal(TransportState.Stopped, current.State);
        Assert.True(current.Fatal);
        Assert.Equal("the token was refused", current.Detail);
        var health = await transport.TransportStatus.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal(1, transport.AttemptCount);
        Assert.Equal(1, transport.DrainCount);
    }

    [Fact]
    public async Task A_fatal_exception_while_connecting_stops_like_a_fatal_end()
    {
        using var transport = ScriptedTransport.Create();
        transport.Then((_, _) => throw new TransportFatalException("bad shard"));

        await transport.RunAsync(CancellationToken.None).Within10s();

        Assert.True(transport.TransportStatus.Current.Fatal);
        Assert.Equal("bad shard", transport.TransportStatus.Current.Detail);
        Assert.Equal(1, transport.AttemptCount);
        Assert.Equal(1, transport.DrainCount);
    }

    [Fact]
    public async Task Any_other_failure_to_connect_is_retried_with_its_reason()
    {
        using var transport = ScriptedTransport.Create(random: 0.5);
        await using var running = transport.Start();
        transport.Then((_, _) => throw new HttpRequestException("name not resolved"));

        var waiting = await transport.States.WaitForAsync(s => s.State == TransportState.Reconnecting);

        Assert.StartsWith("could not connect: name not resolved; retrying in ", waiting.Detail, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(0.75), waiting.RetryIn);
        Assert.False(waiting.Fatal);
    }

    [Fact]
    public async Task Status_moves_through_connecting_connected_reconnecting_resumed_and_stopped()
    {
        using var transport = ScriptedTransport.Create(random: 0.5);
        await using var running = transport.Start();
        transport.Then((t, _) =>
        {
            t.Connecting("new session");
            t.Connected("session 1");
            return Task.FromResult<TransportEnd>(new TransportEnd.Retry("dropped"));
        });
        transport.Then(async (t, token) =>
        {
            t.Resumed("session 1 again");
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return new TransportEnd.Stopped();
        });

        var seen = new List<(TransportState, string?)>();
        for (var i = 0; i < 3; i++)
        {
            var state = await transport.States.WaitForAsync(_ => true);
            seen.Add((state.State, state.Detail));
        }

        transport.FakeTime.Advance(TimeSpan.FromSeconds(0.75));
        seen.Add(Pick(await transport.States.WaitForAsync(_ => true)));
        await running.StopAsync();
        seen.Add(Pick(await transport.States.WaitForAsync(_ => true)));
        await running.Run.Within10s();

        Assert.Equal(TransportState.Connecting, seen[0].Item1);
        Assert.Equal((TransportState.Connected, "session 1"), seen[1]);
        Assert.Equal(TransportState.Reconnecting, seen[2].Item1);
        Assert.Equal((TransportState.Resumed, "session 1 again"), seen[3]);
        Assert.Equal((TransportState.Stopped, "shut down"), seen[4]);
        Assert.False(transport.TransportStatus.Current.Fatal);

        static (TransportState, string?) Pick(TransportSnapshot s) => (s.State, s.Detail);
    }

    [Fact]
    public async Task Shutdown_while_waiting_to_reconnect_stops_without_another_attempt_and_drains()
    {
        using var transport = ScriptedTransport.Create();
        await using var running = transport.Start();
        transport.Then(new TransportEnd.Retry("down"));
        await transport.States.WaitForAsync(s => s.State == TransportState.Reconnecting);

        await running.StopAsync();
        await running.Run.Within10s();

        Assert.Equal(TransportState.Stopped, transport.TransportStatus.Current.State);
        Assert.False(transport.TransportStatus.Current.Fatal);
        Assert.Equal(1, transport.AttemptCount);
        Assert.Equal(1, transport.DrainCount);
    }

    [Fact]
    public async Task Shutdown_while_connected_waits_for_the_drain_before_returning()
    {
        using var transport = ScriptedTransport.Create();
        transport.DrainGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.ThenStayConnected();
        await using var running = transport.Start();
        await transport.States.WaitForAsync(s => s.State == TransportState.Connected);

        await running.StopAsync();
        await transport.States.WaitForAsync(s => s.State == TransportState.Stopped);

        Assert.False(running.Run.IsCompleted);
        transport.DrainGate.SetResult();
        await running.Run.Within10s();
        Assert.Equal(1, transport.DrainCount);
        Assert.Equal(1, transport.AttemptCount);
    }

    [Fact]
    public async Task A_configuration_problem_fails_before_any_attempt()
    {
        using var transport = ScriptedTransport.Create(configurationProblem: "Platform:Token is required");

        await transport.RunAsync(CancellationToken.None).Within10s();

        Assert.True(transport.TransportStatus.Current.Fatal);
        Assert.Equal("Platform:Token is required", transport.TransportStatus.Current.Detail);
        Assert.Equal(0, transport.AttemptCount);
        Assert.Equal(0, transport.DrainCount);
    }
}
