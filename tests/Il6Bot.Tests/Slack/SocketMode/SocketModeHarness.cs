using System.Text;
using System.Text.Json;
using Il6Bot.Slack;
using Il6Bot.Slack.SocketMode;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Transports;
using Il6Bot.Tests.Transports.Sockets;
using Il6Bot.Transports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Slack.SocketMode;

/// <summary>A <see cref="SlackSocketModeClient"/> on a fake clock against a <see cref="FakeSlackSocketMode"/>.</summary>
internal sealed class SocketModeHarness : TransportHarness<FakeSlackSocketMode, SlackSocketModeStatus, SlackSocketModeClient>
{
    public const string AppToken = "xapp-1-secret";

    private int _handled;

    private SocketModeHarness(FakeSlackSocketMode fake, double random, Func<SocketModeMessage, Task>? beforeAnswer)
        : base(fake, fake.ApiBaseUrl, time => new SlackSocketModeStatus(NullLogger<SlackSocketModeStatus>.Instance, time))
    {
        Start(new SlackSocketModeClient(
            new SlackOptions { AppToken = AppToken, ApiBaseUrl = fake.ApiBaseUrl, Mode = SlackMode.SocketMode },
            new SlackSocketModeApi(Http),
            Status,
            Time,
            new FixedRandom(random),
            NullLogger<SlackSocketModeClient>.Instance,
            async (envelope, _) =>
            {
                // The side effect under test: each handled envelope counts once.
                Interlocked.Increment(ref _handled);
                Envelopes.Add(envelope);
                if (beforeAnswer is not null)
                {
                    await beforeAnswer(envelope);
                }

                if (envelope.Type != "slash_commands")
                {
                    return null;
                }

                var text = envelope.Payload.GetProperty("text").GetString();
                var answer = JsonSerializer.Serialize(new { response_type = "ephemeral", text = $"answer to {text}" });
                return Encoding.UTF8.GetBytes(answer);
            }));
    }

    public EventRecorder<SocketModeMessage> Envelopes { get; } = new();

    public int Handled => Volatile.Read(ref _handled);

    /// <param name="beforeAnswer">Runs inside the handler before it answers: a slow or failing handler.</param>
    public static async Task<SocketModeHarness> StartAsync(
        double random = 0.5, Action<FakeSlackSocketMode>? arrange = null, Func<SocketModeMessage, Task>? beforeAnswer = null)
    {
        var fake = await FakeSlackSocketMode.StartAsync();
        arrange?.Invoke(fake);
        return new SocketModeHarness(fake, random, beforeAnswer);
    }

    public async Task<FakeSlackSocketMode.FakeSocketModeConnection> ConnectAsync()
    {
        var connection = await Fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        await States.WaitForAsync(s => s.State == TransportState.Connected);
        return connection;
    }
}
