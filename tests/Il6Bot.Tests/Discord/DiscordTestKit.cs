using System.Net.Http.Headers;
using System.Text;
using Il6Bot.Commands;
using Il6Bot.Messages;
using NSec.Cryptography;

namespace Il6Bot.Tests.Discord;

/// <summary>
/// An Ed25519 key pair made in the test, standing in for Discord's signing key. Requests are signed with the time
/// of <paramref name="clock"/> (the system's by default), the clock the bot checks their timestamps against.
/// </summary>
public sealed class DiscordSigner(TimeProvider? clock = null) : IDisposable
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    public string PublicKeyHex => Convert.ToHexStringLower(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    public string Sign(string timestamp, byte[] body)
    {
        var message = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
        return Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(_key, message));
    }

    public Task<HttpResponseMessage> PostAsync(HttpClient client, string json, CancellationToken cancellationToken) =>
        PostAsync(client, Encoding.UTF8.GetBytes(json), cancellationToken);

    /// <summary>Now, as <c>X-Signature-Timestamp</c> carries it.</summary>
    public string Timestamp() => _clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, CancellationToken cancellationToken) =>
        PostAsync(client, body, Timestamp(), cancellationToken);

    /// <summary>POSTs <paramref name="body"/> signed with <paramref name="timestamp"/>.</summary>
    public Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string timestamp, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", Sign(timestamp, body));
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        return client.SendAsync(request, cancellationToken);
    }

    public void Dispose() => _key.Dispose();
}

/// <summary>A command handler owned by the tests, so the Discord adapter is tested without other branches.</summary>
public sealed class EchoCommandHandler : ICommandHandler
{
    public CommandSpec Spec { get; } = new(
        "echo",
        "Repeats what it is given",
        [new OptionSpec("text", "What to say", Autocomplete: true)],
        []);

    public List<CommandRequest> Received { get; } = [];

    /// <summary>When set, the handler waits for it before answering (to force a deferral).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Reply? NextReply { get; set; }

    public async Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        lock (Received)
        {
            Received.Add(request);
        }

        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return NextReply ?? Reply.PublicText("You said: " + (request.Option("text") ?? "nothing"));
    }

    public IReadOnlyList<Choice> Complete(string option, string partial, int limit) =>
        Enumerable.Range(1, 40).Select(i => new Choice($"{partial} {i}", $"v{i}")).ToList();
}

/// <summary>A moderator-only command with subcommands and a channel option, like /nudge.</summary>
public sealed class ModCommandHandler : ICommandHandler
{
    public CommandSpec Spec { get; } = new(
        "mod",
        "Moderator things",
        [],
        [
            new SubcommandSpec("send", "Send now", [new OptionSpec("channel", "Where", OptionKind.Channel, Required: true)]),
            new SubcommandSpec("list", "List", []),
        ],
        ModeratorOnly: true);

    public List<CommandRequest> Received { get; } = [];

    public Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        lock (Received)
        {
            Received.Add(request);
        }

        return Task.FromResult(request.IsModerator
            ? Reply.EphemeralText($"ok {request.Subcommand} {request.Option("channel")}")
            : Reply.EphemeralText("Only moderators can do that."));
    }
}
