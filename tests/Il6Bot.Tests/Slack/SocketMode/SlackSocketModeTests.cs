using Il6Bot.Tests.Transports;
using Il6Bot.Transports;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Tests.Slack.SocketMode;

public sealed class SlackSocketModeTests
{
    [Fact]
    public async Task Opens_with_the_app_token_and_answers_a_slash_command_in_the_ack_payload()
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var connection = await harness.ConnectAsync();

        await connection.SendSlashCommandAsync("env-1", "/il6", "benefits", "trig-1");
        var ack = await connection.NextAckAsync();

        Assert.Equal(["Bearer " + SocketModeHarness.AppToken], harness.Fake.OpenAuthorizations);
        Assert.Equal("/link/", connection.Path);
        Assert.Equal("env-1", ack.GetProperty("envelope_id").GetString());
        Assert.Equal("answer to benefits", ack.GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal("ephemeral", ack.GetProperty("payload").GetProperty("response_type").GetString());
        Assert.Equal(TransportState.Connected, harness.Status.Current.State);
        Assert.Equal(HealthStatus.Healthy, (await harness.Status.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Other_envelopes_are_acknowledged_without_payload()
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var connection = await harness.ConnectAsync();

        await connection.SendEventAsync("env-e", "Ev1");
        var ack = await connection.NextAckAsync();

        Assert.Equal("env-e", ack.GetProperty("envelope_id").GetString());
        Assert.False(ack.TryGetProperty("payload", out _));
    }

    [Fact]
    public async Task An_answer_goes_into_the_ack_only_when_the_envelope_accepts_a_response_payload()
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var connection = await harness.ConnectAsync();

        await connection.SendAsync("""
            {"envelope_id":"env-n","type":"slash_commands","accepts_response_payload":false,"retry_attempt":0,"retry_reason":"",
             "payload":{"team_id":"T1","channel_id":"C1","user_id":"U1","command":"/il6","text":"no payload","trigger_id":"trig-n",
                        "response_url":"https://hooks.slack.com/commands/T1/1/abc","api_app_id":"A1"}}
            """);
        var ack = await connection.NextAckAsync();

        Assert.Equal("env-n", ack.GetProperty("envelope_id").GetString());
        Assert.False(ack.TryGetProperty("payload", out _));
        Assert.Equal(1, harness.Handled);
    }

    [Fact]
    public async Task An_envelope_whose_handler_failed_is_still_acknowledged_and_so_is_its_redelivery()
    {
        await using var harness = await SocketModeHarness.StartAsync(
            beforeAnswer: _ => throw new InvalidOperationException("handler bug"));
        var connection = await harness.ConnectAsync();

        // Unacknowledged, Slack would redeliver it, and it would fail again.
        await connection.SendSlashCommandAsync("env-f", "/il6", "boom", "trig-f");
        var ack = await connection.NextAckAsync();
        await connection.SendSlashCommandAsync("env-f", "/il6", "boom", "trig-f", retryAttempt: 1);
        var again = await connection.NextAckAsync();

        Assert.Equal("env-f", ack.GetProperty("envelope_id").GetString());
        Assert.False(ack.TryGetProperty("payload", out _));
        Assert.Equal("env-f", again.GetProperty("envelope_id").GetString());
        Assert.Equal(1, harness.Handled);
    }

    [Fact]
    public async Task A_replaced_connection_acknowledges_its_envelope_in_flight_before_it_closes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await SocketModeHarness.StartAsync(beforeAnswer: _ => release.Task);
        var old = await harness.ConnectAsync();
        await old.SendSlashCommandAsync("env-slow", "/il6", "slow", "trig-slow");
        await harness.Envelopes.WaitForAsync(_ => true);

        await old.SendDisconnectAsync("refresh_requested");
        var replacement = await harness.Fake.NextConnectionAsync();
        await replacement.SendHelloAsync();
        await harness.States.WaitForAsync(s => s.State == TransportState.Connected);
        release.SetResult();

        var ack = await old.NextAckAsync();
        Assert.Equal("env-slow", ack.GetProperty("envelope_id").GetString());
        Assert.Equal("answer to slow", ack.GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal(1000, await old.ClientClosed.Within10s());
    }

    [Fact]
    public async Task A_disconnect_without_a_reason_also_switches_without_a_gap()
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var old = await harness.ConnectAsync();

        await old.SendAsync("""{"type":"disconnect"}""");

        // No clock advance: a replacement opened at once, not after a backoff.
        var replacement = await harness.Fake.NextConnectionAsync();
        Assert.False(old.ClientClosed.IsCompleted);
        await replacement.SendHelloAsync();
        Assert.Equal(1000, await old.ClientClosed.Within10s());
    }

    [Fact]
    public async Task An_unreadable_message_is_skipped_and_the_connection_keeps_serving()
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var connection = await harness.ConnectAsync();

        await connection.SendAsync("not json");
        await connection.SendSlashCommandAsync("env-next", "/il6", "next", "trig-next");

        Assert.Equal("env-next", (await connection.NextAckAsync()).GetProperty("envelope_id").GetString());
        Assert.False(connection.ClientClosed.IsCompleted);
        Assert.Equal(1, harness.Fake.OpenCount);
    }

    [Fact]
    public async Task Refresh_opens_the_new_connection_before_closing_the_old_and_drops_no_command()
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var old = await harness.ConnectAsync();

        await old.SendDisconnectAsync("refresh_requested");
        var replacement = await harness.Fake.NextConnectionAsync();

        // Mid-switch: the new socket has no hello yet, and a command still arrives on the old one.
        await old.SendSlashCommandAsync("env-during", "/il6", "during", "trig-during");
        var duringAck = await old.NextAckAsync();
        Assert.Equal("env-during", duringAck.GetProperty("envelope_id").GetString());
        Assert.Equal("answer to during", duringAck.GetProperty("payload").GetProperty("text").GetString());
        Assert.False(old.ClientClosed.IsCompleted);

        await replacement.SendHelloAsync();
        Assert.Equal(1000, await old.ClientClosed.Within10s());
        await replacement.SendSlashCommandAsync("env-after", "/il6", "after", "trig-after");
        Assert.Equal("env-after", (await replacement.NextAckAsync()).GetProperty("envelope_id").GetString());

        Assert.Equal(2, harness.Handled);
        Assert.Equal(2, harness.Fake.OpenCount);
        Assert.Equal(TransportState.Connected, harness.Status.Current.State);
    }

    [Theory]
    [InlineData("warning")]
    [InlineData("too_many_websockets")]
    public async Task Other_disconnect_reasons_also_switch_without_a_gap(string reason)
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var old = await harness.ConnectAsync();

        await old.SendDisconnectAsync(reason);
        var replacement = await harness.Fake.NextConnectionAsync();
        Assert.False(old.ClientClosed.IsCompleted);
        await replacement.SendHelloAsync();

        Assert.Equal(1000, await old.ClientClosed.Within10s());
    }

    [Fact]
    public async Task Redelivered_envelope_is_acknowledged_again_with_the_same_answer_but_handled_once()
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var connection = await harness.ConnectAsync();

        await connection.SendSlashCommandAsync("env-1", "/nudge", "send #general", "trig-1");
        var first = await connection.NextAckAsync();
        await connection.SendSlashCommandAsync("env-1", "/nudge", "send #general", "trig-1", retryAttempt: 1);
        var again = await connection.NextAckAsync();
        await connection.SendSlashCommandAsync("env-2", "/nudge", "send #general", "trig-1", retryAttempt: 2);
        var retried = await connection.NextAckAsync();

        Assert.Equal("env-1", again.GetProperty("envelope_id").GetString());
        Assert.Equal("env-2", retried.GetProperty("envelope_id").GetString());
        Assert.Equal(first.GetProperty("payload").GetRawText(), again.GetProperty("payload").GetRawText());
        Assert.Equal(first.GetProperty("payload").GetRawText(), retried.GetProperty("payload").GetRawText());
        Assert.Equal(1, harness.Handled);
    }

    [Fact]
    public async Task Link_disabled_stops_with_a_clear_error_and_no_reconnect()
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var connection = await harness.ConnectAsync();

        await connection.SendDisconnectAsync("link_disabled");
        await harness.Run.Within10s();

        var current = harness.Status.Current;
        Assert.True(current.Fatal);
        Assert.Contains("link_disabled", current.Detail, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, (await harness.Status.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
        Assert.Equal(1, harness.Fake.OpenCount);
        Assert.Equal(1000, await connection.ClientClosed.Within10s());
    }

    [Fact]
    public async Task Refused_app_token_stops_without_retrying_and_never_shows_the_token()
    {
        await using var harness = await SocketModeHarness.StartAsync(arrange: f => f.OpenError = "invalid_auth");

        await harness.Run.Within10s();

        Assert.True(harness.Status.Current.Fatal);
        Assert.Contains("invalid_auth", harness.Status.Current.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(SocketModeHarness.AppToken, harness.Status.Current.Detail, StringComparison.Ordinal);
        Assert.Equal(1, harness.Fake.OpenCount);
    }

    [Fact]
    public async Task Dropped_socket_reconnects_after_backoff_and_transient_open_errors_back_off_further()
    {
        await using var harness = await SocketModeHarness.StartAsync(random: 0.5);
        var first = await harness.ConnectAsync();

        harness.Fake.OpenError = "internal_error";
        await first.CloseAsync(1011, "server restart");
        var waits = new List<TimeSpan?>();
        for (var i = 0; i < 3; i++)
        {
            var waiting = await harness.States.WaitForAsync(s => s.State == TransportState.Reconnecting);
            waits.Add(waiting.RetryIn);
            if (i == 2)
            {
                harness.Fake.OpenError = null;
            }

            harness.Time.Advance(waiting.RetryIn!.Value);
        }

        var second = await harness.ConnectAsync();
        await second.SendSlashCommandAsync("env-9", "/il6", "how", "trig-9");
        Assert.Equal("env-9", (await second.NextAckAsync()).GetProperty("envelope_id").GetString());
        Assert.Equal([TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3)], waits);
    }

    [Fact]
    public async Task A_socket_that_sends_no_hello_within_10_s_is_dropped_and_replaced_after_backoff()
    {
        await using var harness = await SocketModeHarness.StartAsync(random: 0.5);
        var silent = await harness.Fake.NextConnectionAsync();

        // The clock moves only once the client is waiting for hello.
        await harness.Time.TimerCreated(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        var waiting = await harness.States.WaitForAsync(s => s.State == TransportState.Reconnecting);

        Assert.StartsWith("could not connect: Slack sent no hello within 10 s;", waiting.Detail, StringComparison.Ordinal);
        Assert.Null(await silent.ClientClosed.Within10s());
        harness.Time.Advance(waiting.RetryIn!.Value);
        var next = await harness.ConnectAsync();
        await next.SendSlashCommandAsync("env-h", "/il6", "how", "trig-h");
        Assert.Equal("env-h", (await next.NextAckAsync()).GetProperty("envelope_id").GetString());
        Assert.Equal(2, harness.Fake.OpenCount);
    }

    [Fact]
    public async Task Shutdown_closes_the_socket_with_1000()
    {
        await using var harness = await SocketModeHarness.StartAsync();
        var connection = await harness.ConnectAsync();

        await harness.StopAsync();

        Assert.Equal(1000, await connection.ClientClosed.Within10s());
        Assert.Equal(TransportState.Stopped, harness.Status.Current.State);
        Assert.False(harness.Status.Current.Fatal);
    }
}
