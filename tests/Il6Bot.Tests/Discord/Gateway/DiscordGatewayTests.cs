using System.Text.Json;
using Il6Bot.Discord.Gateway;
using Il6Bot.Tests.Transports;
using Il6Bot.Transports;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Tests.Discord.Gateway;

public sealed class DiscordGatewayTests
{
    [Fact]
    public async Task Identify_carries_token_no_intents_properties_and_the_configured_shard()
    {
        await using var harness = await GatewayHarness.StartAsync(configure: o => (o.ShardId, o.ShardCount) = (1, 3));

        var (connection, identify) = await harness.ConnectAsync();

        Assert.Equal("/gateway", connection.Path);
        Assert.Equal("?v=10&encoding=json", connection.Query);
        Assert.Equal(["Bot " + GatewayHarness.Token], harness.Fake.GatewayBotAuthorizations);
        Assert.Equal(2, identify.GetProperty("op").GetInt32());
        var d = identify.GetProperty("d");
        Assert.Equal(GatewayHarness.Token, d.GetProperty("token").GetString());
        Assert.Equal(0, d.GetProperty("intents").GetInt32());
        Assert.Equal("il6bot", d.GetProperty("properties").GetProperty("browser").GetString());
        Assert.Equal("il6bot", d.GetProperty("properties").GetProperty("device").GetString());
        Assert.False(string.IsNullOrEmpty(d.GetProperty("properties").GetProperty("os").GetString()));
        Assert.Equal([1, 3], d.GetProperty("shard").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(TransportState.Connected, harness.Status.Current.State);
    }

    [Fact]
    public async Task Heartbeats_first_after_interval_times_jitter_then_every_interval_and_at_once_on_op_1()
    {
        await using var harness = await GatewayHarness.StartAsync(random: 0.25);
        var (connection, _) = await harness.ConnectAsync(heartbeatMs: 1000);

        // Each beat carries the last sequence, so a dispatch just before a deadline shows whether the
        // beat went out early (old sequence) or on time (new sequence).
        harness.Time.Advance(TimeSpan.FromMilliseconds(249));
        await connection.SendDispatchAsync("TYPING_START", 2, "{}");
        await harness.Processed.WaitForAsync(p => p.Event == "TYPING_START");
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, (await connection.NextHeartbeatAsync()).GetInt32());
        await harness.Processed.WaitForAsync(p => p.Op == 11);

        harness.Time.Advance(TimeSpan.FromMilliseconds(999));
        await connection.SendDispatchAsync("TYPING_START", 3, "{}");
        await harness.Processed.WaitForAsync(p => p.Event == "TYPING_START");
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, (await connection.NextHeartbeatAsync()).GetInt32());
        await harness.Processed.WaitForAsync(p => p.Op == 11);

        await connection.SendOpAsync(1);
        Assert.Equal(3, (await connection.NextHeartbeatAsync()).GetInt32());
        Assert.Equal(TransportState.Connected, harness.Status.Current.State);
    }

    [Fact]
    public async Task Missing_heartbeat_ack_closes_the_zombie_with_a_non_1000_code_and_resumes()
    {
        await using var harness = await GatewayHarness.StartAsync(random: 0.5, arrange: f => f.AutoAckHeartbeats = false);
        var (connection, _) = await harness.ConnectAsync(heartbeatMs: 1000);

        harness.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, (await connection.NextHeartbeatAsync()).GetInt32());
        harness.Time.Advance(TimeSpan.FromMilliseconds(1000));

        var code = await connection.ClientClosed.Within10s();
        Assert.NotNull(code);
        Assert.NotEqual(1000, code);
        var reconnecting = await harness.SkipReconnectWaitAsync();
        Assert.Contains("zombie", reconnecting.Detail, StringComparison.Ordinal);

        var resumed = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/resume", resumed.Path);
        Assert.Equal("?v=10&encoding=json", resumed.Query);
        await resumed.SendHelloAsync(1000);
        var resume = await resumed.ReceiveAsync();
        Assert.Equal(6, resume.GetProperty("op").GetInt32());
        Assert.Equal(GatewayHarness.Token, resume.GetProperty("d").GetProperty("token").GetString());
        Assert.Equal("session-1", resume.GetProperty("d").GetProperty("session_id").GetString());
        Assert.Equal(1, resume.GetProperty("d").GetProperty("seq").GetInt32());
        await resumed.SendDispatchAsync("RESUMED", 2, "{}");
        await harness.States.WaitForAsync(s => s.State == TransportState.Resumed);
    }

    [Fact]
    public async Task A_zombie_peer_that_never_answers_the_close_is_dropped_and_resumed()
    {
        await using var harness = await GatewayHarness.StartAsync(random: 0.5, arrange: f => f.AutoAckHeartbeats = false);
        var (connection, _) = await harness.ConnectAsync(heartbeatMs: 1000);
        connection.AnswersClose = false;

        harness.Time.Advance(TimeSpan.FromMilliseconds(500));
        await connection.NextHeartbeatAsync();
        harness.Time.Advance(TimeSpan.FromMilliseconds(1000));

        Assert.Equal(GatewayCloseCodes.ClientResumable, await connection.ClientClosed.Within10s());
        var reconnecting = await harness.SkipReconnectWaitAsync();
        Assert.Contains("zombie", reconnecting.Detail, StringComparison.Ordinal);
        Assert.Equal("/resume", (await harness.Fake.NextConnectionAsync()).Path);
    }

    [Fact]
    public async Task Op_7_reconnect_resumes_at_once_on_the_resume_url_with_the_last_sequence()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var (connection, _) = await harness.ConnectAsync();
        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, """{"id":"111","token":"t","type":2}""");
        await harness.Interactions.WaitForAsync(_ => true);

        await connection.SendOpAsync(7);

        Assert.NotEqual(1000, await connection.ClientClosed.Within10s());
        var resumed = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/resume", resumed.Path);
        await resumed.SendHelloAsync(1000);
        var resume = await resumed.ReceiveAsync();
        Assert.Equal(6, resume.GetProperty("op").GetInt32());
        Assert.Equal(2, resume.GetProperty("d").GetProperty("seq").GetInt32());
        Assert.Single(harness.Fake.GatewayBotAuthorizations);
    }

    [Fact]
    public async Task Unreadable_payload_drops_the_connection_with_4000_and_resumes()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var (connection, _) = await harness.ConnectAsync();

        await connection.SendAsync("not json");

        Assert.Equal(GatewayCloseCodes.ClientResumable, await connection.ClientClosed.Within10s());
        Assert.Contains("unreadable payload", (await harness.SkipReconnectWaitAsync()).Detail, StringComparison.Ordinal);
        var resumed = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/resume", resumed.Path);
        await resumed.SendHelloAsync(1000);
        var resume = await resumed.ReceiveAsync();
        Assert.Equal(6, resume.GetProperty("op").GetInt32());
        Assert.Equal("session-1", resume.GetProperty("d").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Op_9_resumable_waits_1_to_5_seconds_then_resumes()
    {
        await using var harness = await GatewayHarness.StartAsync(random: 0.5);
        var (connection, _) = await harness.ConnectAsync();

        await connection.SendOpAsync(9, "true");

        // 1000 would end the session on Discord's side, and the resume below would be refused.
        Assert.Equal(GatewayCloseCodes.ClientResumable, await connection.ClientClosed.Within10s());
        var waited = await harness.SkipReconnectWaitAsync();
        Assert.Equal(TimeSpan.FromSeconds(3), waited.RetryIn);
        var next = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/resume", next.Path);
        await next.SendHelloAsync(1000);
        var resume = await next.ReceiveAsync();
        Assert.Equal(6, resume.GetProperty("op").GetInt32());
        Assert.Equal("session-1", resume.GetProperty("d").GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Op_9_not_resumable_waits_then_identifies_afresh_on_the_gateway_url()
    {
        await using var harness = await GatewayHarness.StartAsync(random: 0.0);
        var (connection, _) = await harness.ConnectAsync();

        await connection.SendOpAsync(9, "false");

        var waited = await harness.SkipReconnectWaitAsync();
        Assert.Equal(TimeSpan.FromSeconds(1), waited.RetryIn);
        var next = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/gateway", next.Path);
        await next.SendHelloAsync(1000);
        var identify = await next.ReceiveAsync();
        Assert.Equal(2, identify.GetProperty("op").GetInt32());
        Assert.Equal(2, harness.Fake.GatewayBotAuthorizations.Count);
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task Fatal_close_code_stops_the_transport_without_reconnecting_and_turns_health_unhealthy(int code)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var (connection, _) = await harness.ConnectAsync();

        await connection.CloseAsync(code, "nope");

        await harness.Run.Within10s();
        var current = harness.Status.Current;
        Assert.Equal(TransportState.Stopped, current.State);
        Assert.True(current.Fatal);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), current.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHarness.Token, current.Detail, StringComparison.Ordinal);
        var health = await harness.Status.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal(1, harness.Fake.ConnectionCount);
    }

    [Fact]
    public async Task Resumable_close_code_resumes_and_session_ending_codes_identify()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var (connection, _) = await harness.ConnectAsync();

        await connection.CloseAsync(4000, "unknown error");
        await harness.SkipReconnectWaitAsync();
        var second = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/resume", second.Path);
        await second.SendHelloAsync(1000);
        Assert.Equal(6, (await second.ReceiveAsync()).GetProperty("op").GetInt32());

        await second.CloseAsync(4009, "session timed out");
        await harness.SkipReconnectWaitAsync();
        var third = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/gateway", third.Path);
        await third.SendHelloAsync(1000);
        Assert.Equal(2, (await third.ReceiveAsync()).GetProperty("op").GetInt32());
    }

    [Fact]
    public async Task A_resume_url_that_cannot_be_reached_is_given_up_for_a_new_session_on_the_gateway_url()
    {
        // Discord docs (Gateway, Resuming): if the reconnect fails, connect anew on Get Gateway Bot's URL and identify.
        await using var harness = await GatewayHarness.StartAsync();
        var (connection, _) = await harness.ConnectAsync(resumeUrl: "ws://127.0.0.1:1/"); // nothing listens on port 1

        await connection.CloseAsync(4000, "unknown error");
        await harness.SkipReconnectWaitAsync();
        var refused = await harness.SkipReconnectWaitAsync();

        Assert.Contains("identify in", refused.Detail, StringComparison.Ordinal);
        var next = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/gateway", next.Path);
        await next.SendHelloAsync(1000);
        Assert.Equal(2, (await next.ReceiveAsync()).GetProperty("op").GetInt32());
        Assert.Equal(2, harness.Fake.GatewayBotAuthorizations.Count);
    }

    [Theory]
    [InlineData(GatewayCloseCodes.InvalidSequence)]
    [InlineData(GatewayCloseCodes.SessionTimedOut)]
    public async Task Session_ending_close_codes_identify_afresh_on_the_gateway_url(int code)
    {
        await using var harness = await GatewayHarness.StartAsync();
        var (connection, _) = await harness.ConnectAsync();

        await connection.CloseAsync(code, "session over");
        await harness.SkipReconnectWaitAsync();

        var next = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/gateway", next.Path);
        await next.SendHelloAsync(1000);
        Assert.Equal(2, (await next.ReceiveAsync()).GetProperty("op").GetInt32());
        Assert.Equal(2, harness.Fake.GatewayBotAuthorizations.Count);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Token_refused_on_get_gateway_bot_stops_without_retrying_and_never_shows_the_token(int status)
    {
        await using var harness = await GatewayHarness.StartAsync(arrange: f => f.GatewayBotStatus = status);

        await harness.Run.Within10s();

        var current = harness.Status.Current;
        Assert.True(current.Fatal);
        Assert.Contains($"HTTP {status}", current.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHarness.Token, current.Detail, StringComparison.Ordinal);
        Assert.Single(harness.Fake.GatewayBotAuthorizations);
        Assert.Equal(0, harness.Fake.ConnectionCount);
    }

    [Fact]
    public async Task Failed_connects_back_off_exponentially_with_jitter_up_to_the_cap_and_reset_after_a_session()
    {
        await using var harness = await GatewayHarness.StartAsync(random: 0.5, arrange: f => f.GatewayBotStatus = 503);

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            var waiting = await harness.States.WaitForAsync(s => s.State == TransportState.Reconnecting);
            delays.Add(waiting.RetryIn!.Value);
            if (i == 6)
            {
                harness.Fake.GatewayBotStatus = 200;
            }

            harness.Time.Advance(waiting.RetryIn.Value);
        }

        Assert.Equal(
            new[] { 0.75, 1.5, 3, 6, 12, 22.5, 22.5 }.Select(TimeSpan.FromSeconds),
            delays);

        var (connection, _) = await harness.ConnectAsync();
        await connection.CloseAsync(4000, "blip");
        Assert.Equal(TimeSpan.FromSeconds(0.75), (await harness.SkipReconnectWaitAsync()).RetryIn);
    }

    [Fact]
    public async Task Session_start_limit_used_up_waits_reset_after_before_identifying()
    {
        await using var harness = await GatewayHarness.StartAsync(arrange: f => (f.SessionStartRemaining, f.SessionStartResetAfterMs) = (0, 60_000));

        var waiting = await harness.SkipReconnectWaitAsync();

        Assert.Equal(TimeSpan.FromMinutes(1), waiting.RetryIn);
        Assert.Contains("session start limit", waiting.Detail, StringComparison.Ordinal);
        var connection = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/gateway", connection.Path);
    }

    [Fact]
    public async Task With_a_gateway_url_override_the_session_start_limit_is_still_read_and_waited_for()
    {
        // Identifying past the daily limit gets the token reset, wherever the Gateway is reached from.
        var proxy = string.Empty;
        await using var harness = await GatewayHarness.StartAsync(
            arrange: f => (proxy, f.SessionStartRemaining, f.SessionStartResetAfterMs) = (f.ProxyUrl, 0, 60_000),
            configure: o => o.GatewayUrl = proxy);

        var waiting = await harness.SkipReconnectWaitAsync();

        Assert.Equal(TimeSpan.FromMinutes(1), waiting.RetryIn);
        Assert.Contains("session start limit", waiting.Detail, StringComparison.Ordinal);
        var connection = await harness.Fake.NextConnectionAsync();
        Assert.Equal("/proxy", connection.Path);
        Assert.Single(harness.Fake.GatewayBotAuthorizations);
    }

    [Fact]
    public async Task Shutdown_closes_the_socket_with_1000()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var (connection, _) = await harness.ConnectAsync();

        await harness.StopAsync();

        Assert.Equal(1000, await connection.ClientClosed.Within10s());
        Assert.Equal(TransportState.Stopped, harness.Status.Current.State);
        Assert.False(harness.Status.Current.Fatal);
    }

    [Fact]
    public async Task Shutdown_lets_an_interaction_in_flight_finish_before_the_transport_returns()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await GatewayHarness.StartAsync(onInteraction: async (_, _) =>
        {
            await release.Task;
            finished.SetResult();
        });
        var (connection, _) = await harness.ConnectAsync();
        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, """{"id":"7","token":"t","type":2}""");
        await harness.Interactions.WaitForAsync(_ => true);

        var stopping = harness.StopAsync();
        await harness.States.WaitForAsync(s => s.State == TransportState.Stopped);

        // The host disposes what the reply needs (HTTP clients, the store) once the transport returns.
        Assert.False(harness.Run.IsCompleted);
        release.SetResult();
        await stopping;
        Assert.True(finished.Task.IsCompleted);
    }

    [Fact]
    public async Task Interactions_reach_the_handler_with_their_data()
    {
        await using var harness = await GatewayHarness.StartAsync();
        var (connection, _) = await harness.ConnectAsync();

        await connection.SendDispatchAsync("INTERACTION_CREATE", 2, """{"id":"5","token":"tok","type":2,"data":{"name":"il6"}}""");

        var interaction = await harness.Interactions.WaitForAsync(_ => true);
        Assert.Equal("5", interaction.GetProperty("id").GetString());
        Assert.Equal("il6", interaction.GetProperty("data").GetProperty("name").GetString());
    }

    [Fact]
    public void Gateway_url_gets_version_and_encoding()
    {
        Assert.Equal("wss://gateway.discord.gg/?v=10&encoding=json", Il6Bot.Discord.Gateway.DiscordGatewayClient.WithGatewayQuery("wss://gateway.discord.gg").ToString());
    }
}
