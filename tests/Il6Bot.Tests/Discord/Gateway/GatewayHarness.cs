using System.Text.Json;
using Il6Bot.Discord;
using Il6Bot.Discord.Gateway;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Transports;
using Il6Bot.Tests.Transports.Sockets;
using Il6Bot.Transports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Discord.Gateway;

/// <summary>A <see cref="DiscordGatewayClient"/> on a fake clock against a <see cref="FakeDiscordGateway"/>.</summary>
internal sealed class GatewayHarness : TransportHarness<FakeDiscordGateway, DiscordGatewayStatus, DiscordGatewayClient>
{
    public const string Token = "bot-token-secret";

    private GatewayHarness(FakeDiscordGateway fake, DiscordOptions options, double random, Func<JsonElement, CancellationToken, Task>? onInteraction)
        : base(fake, fake.ApiBaseUrl, time => new DiscordGatewayStatus(NullLogger<DiscordGatewayStatus>.Instance, time))
    {
        Options = options;
        var client = new DiscordGatewayClient(
            options,
            new DiscordGatewayRest(Http),
            Status,
            Time,
            new FixedRandom(random),
            NullLogger<DiscordGatewayClient>.Instance,
            (interaction, cancellationToken) =>
            {
                Interactions.Add(interaction);
                return onInteraction?.Invoke(interaction, cancellationToken) ?? Task.CompletedTask;
            });
        client.PayloadProcessed += (op, name) => Processed.Add((op, name));
        Start(client);
    }

    public DiscordOptions Options { get; }

    public EventRecorder<(int Op, string? Event)> Processed { get; } = new();

    public EventRecorder<JsonElement> Interactions { get; } = new();

    /// <param name="onInteraction">Runs after an interaction is recorded, as the bot's handler would (e.g. a slow reply).</param>
    public static async Task<GatewayHarness> StartAsync(
        double random = 0.5,
        Action<DiscordOptions>? configure = null,
        Action<FakeDiscordGateway>? arrange = null,
        Func<JsonElement, CancellationToken, Task>? onInteraction = null)
    {
        var fake = await FakeDiscordGateway.StartAsync();
        arrange?.Invoke(fake);
        var options = new DiscordOptions { BotToken = Token, ApplicationId = "42", ApiBaseUrl = fake.ApiBaseUrl };
        configure?.Invoke(options);
        return new GatewayHarness(fake, options, random, onInteraction);
    }

    /// <summary>Hello → Identify → READY (sequence 1, resume URL = <paramref name="resumeUrl"/>, else the fake's /resume).</summary>
    public async Task<(FakeDiscordGateway.FakeGatewayConnection Connection, JsonElement Identify)> ConnectAsync(int heartbeatMs = 1000, string sessionId = "session-1", string? resumeUrl = null)
    {
        var connection = await Fake.NextConnectionAsync();
        await connection.SendHelloAsync(heartbeatMs);
        var identify = await connection.ReceiveAsync();
        await connection.SendReadyAsync(1, sessionId, resumeUrl ?? Fake.ResumeUrl);
        await States.WaitForAsync(s => s.State == TransportState.Connected);
        return (connection, identify);
    }
}
