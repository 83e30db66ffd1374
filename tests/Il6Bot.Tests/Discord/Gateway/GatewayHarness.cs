using System.Text.Json;
using Il6Bot.Discord;
using Il6Bot.Discord.Gateway;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Transports;
using Il6Bot.Transports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Discord.Gateway;

/// <summary>A <see cref="DiscordGatewayClient"/> on a fake clock against a <see cref="FakeDiscordGateway"/>.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    public const string Token = "bot-token-secret";

    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;

    private GatewayHarness(FakeDiscordGateway fake, DiscordOptions options, double random)
    {
        Fake = fake;
        Options = options;
        Status = new DiscordGatewayStatus(NullLogger<DiscordGatewayStatus>.Instance, Time);
        States = EventRecorder<TransportSnapshot>.For(Status);
        _http = new HttpClient { BaseAddress = new Uri(fake.ApiBaseUrl + "/") };
        Client = new DiscordGatewayClient(
            options,
            new DiscordGatewayRest(_http),
            Status,
            Time,
            new FixedRandom(random),
            NullLogger<DiscordGatewayClient>.Instance,
            (interaction, _) =>
            {
                Interactions.Add(interaction);
                return Task.CompletedTask;
            });
        Client.PayloadProcessed += (op, name) => Processed.Add((op, name));
        Run = Task.Run(() => Client.RunAsync(_stop.Token));
    }

    public FakeDiscordGateway Fake { get; }

    public DiscordOptions Options { get; }

    public FakeTimeProvider Time { get; } = new();

    public DiscordGatewayStatus Status { get; }

    public DiscordGatewayClient Client { get; }

    public EventRecorder<TransportSnapshot> States { get; }

    public EventRecorder<(int Op, string? Event)> Processed { get; } = new();

    public EventRecorder<JsonElement> Interactions { get; } = new();

    public Task Run { get; }

    public static async Task<GatewayHarness> StartAsync(double random = 0.5, Action<DiscordOptions>? configure = null, Action<FakeDiscordGateway>? arrange = null)
    {
        var fake = await FakeDiscordGateway.StartAsync();
        arrange?.Invoke(fake);
        var options = new DiscordOptions { BotToken = Token, ApplicationId = "42", ApiBaseUrl = fake.ApiBaseUrl };
        configure?.Invoke(options);
        return new GatewayHarness(fake, options, random);
    }

    /// <summary>Hello → Identify → READY (sequence 1, resume URL = the fake's /resume).</summary>
    public async Task<(FakeDiscordGateway.FakeGatewayConnection Connection, JsonElement Identify)> ConnectAsync(int heartbeatMs = 1000, string sessionId = "session-1")
    {
        var connection = await Fake.NextConnectionAsync();
        await connection.SendHelloAsync(heartbeatMs);
        var identify = await connection.ReceiveAsync();
        await connection.SendReadyAsync(1, sessionId, Fake.ResumeUrl);
        await States.WaitForAsync(s => s.State == TransportState.Connected);
        return (connection, identify);
    }

    /// <summary>Waits until the client is waiting to reconnect, then lets that wait pass on the fake clock.</summary>
    public async Task<TransportSnapshot> SkipReconnectWaitAsync()
    {
        var reconnecting = await States.WaitForAsync(s => s.State == TransportState.Reconnecting);
        Time.Advance(reconnecting.RetryIn ?? TimeSpan.Zero);
        return reconnecting;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.Within10s();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await StopAsync();
        }

        Client.Dispose();
        _http.Dispose();
        _stop.Dispose();
        await Fake.DisposeAsync();
    }
}
