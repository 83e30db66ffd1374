using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Il6Bot.Testing.Fakes;

/// <summary>
/// An in-process Slack for Socket Mode on 127.0.0.1: <c>POST /api/apps.connections.open</c> hands out
/// <c>ws://…/link/?ticket=N</c>, and each accepted socket is given to the test to script (hello,
/// envelopes, disconnect) and to read the client's acks from. Answers POSTed to <see cref="ResponseUrl"/> are recorded
/// in <see cref="ResponsePosts"/>.
/// </summary>
public sealed class FakeSlackSocketMode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<FakeSocketModeConnection> _connections = Channel.CreateUnbounded<FakeSocketModeConnection>();
    private readonly RequestJournal<SlackRecordedRequest> _responsePosts = new();
    private int _opens;

    private FakeSlackSocketMode(WebApplication app)
    {
        _app = app;
        BaseUrl = LoopbackServer.BaseUrl(app);
    }

    public string BaseUrl { get; }

    public string ApiBaseUrl => BaseUrl + "/api";

    /// <summary>When set, apps.connections.open answers <c>{"ok":false,"error":…}</c>.</summary>
    public string? OpenError { get; set; }

    public ConcurrentQueue<string> OpenAuthorizations { get; } = new();

    public int OpenCount => Volatile.Read(ref _opens);

    /// <summary>A response_url on this fake (on the API host, so the bot is allowed to post to it).</summary>
    public string ResponseUrl(string id) => BaseUrl + "/response/" + id;

    public IReadOnlyList<SlackRecordedRequest> ResponsePosts => _responsePosts.All;

    /// <summary>Completes when an answer is POSTed to a response_url (or already was).</summary>
    public Task<SlackRecordedRequest> WaitForResponseAsync(Func<SlackRecordedRequest, bool> match, CancellationToken cancellationToken) =>
        _responsePosts.WaitForAsync(match, cancellationToken);

    public static async Task<FakeSlackSocketMode> StartAsync()
    {
        var app = LoopbackServer.CreateBuilder().Build();
        FakeSlackSocketMode? fake = null;
        app.UseWebSockets();
        app.MapPost("/api/apps.connections.open", (HttpContext context) =>
        {
            fake!.OpenAuthorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            var ticket = Interlocked.Increment(ref fake._opens);
            var body = fake.OpenError is { } error
                ? new JsonObject { ["ok"] = false, ["error"] = error }
                : new JsonObject { ["ok"] = true, ["url"] = $"ws{fake.BaseUrl["http".Length..]}/link/?ticket={ticket}&app_id=A1" };
            return Results.Content(body.ToJsonString(), "application/json");
        });
        app.MapPost("/response/{id}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            fake!._responsePosts.Add(new SlackRecordedRequest(context.Request.Path.Value ?? string.Empty, string.Empty, context.Request.ContentType ?? string.Empty, body));
            return Results.Text("ok");
        });
        app.Map("/link", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var connection = new FakeSocketModeConnection(socket, context.Request.Path, context.Request.QueryString.Value ?? string.Empty);
            fake!._connections.Writer.TryWrite(connection);
            await connection.RunAsync(context.RequestAborted);
        });
        await app.StartAsync();
        fake = new FakeSlackSocketMode(app);
        return fake;
    }

    public async Task<FakeSocketModeConnection> NextConnectionAsync() =>
        await _connections.Reader.ReadAsync().AsTask().WaitAsync(FakeWebSocketPeer.Timeout);

    public ValueTask DisposeAsync() => LoopbackServer.StopAsync(_app);

    public sealed class FakeSocketModeConnection(WebSocket socket, string path, string query) : FakeWebSocketPeer(socket, path, query)
    {
        public Task SendHelloAsync() =>
            SendAsync("""{"type":"hello","num_connections":1,"debug_info":{"host":"fake","approximate_connection_time":18060},"connection_info":{"app_id":"A1"}}""");

        public Task SendDisconnectAsync(string reason) =>
            SendAsync($$"""{"type":"disconnect","reason":"{{reason}}","debug_info":{"host":"fake"} }""");

        public Task SendSlashCommandAsync(string envelopeId, string command, string text, string triggerId, int retryAttempt = 0)
        {
            var payload = new JsonObject
            {
                ["token"] = "legacy", ["team_id"] = "T1", ["team_domain"] = "x", ["channel_id"] = "C1", ["channel_name"] = "general",
                ["user_id"] = "U1", ["user_name"] = "ann", ["command"] = command, ["text"] = text, ["api_app_id"] = "A1",
                ["is_enterprise_install"] = "false", ["response_url"] = "https://hooks.slack.com/commands/T1/1/abc", ["trigger_id"] = triggerId,
            };
            var envelope = new JsonObject
            {
                ["envelope_id"] = envelopeId,
                ["payload"] = payload,
                ["type"] = "slash_commands",
                ["accepts_response_payload"] = true,
                ["retry_attempt"] = retryAttempt,
                ["retry_reason"] = retryAttempt > 0 ? "timeout" : "",
            };
            return SendAsync(envelope.ToJsonString());
        }

        /// <summary>An <c>interactive</c> envelope (a button click) carrying <paramref name="payload"/>, e.g. a <c>block_actions</c> payload.</summary>
        public Task SendInteractiveAsync(string envelopeId, JsonObject payload)
        {
            var envelope = new JsonObject
            {
                ["envelope_id"] = envelopeId,
                ["payload"] = payload,
                ["type"] = "interactive",
                ["accepts_response_payload"] = false,
                ["retry_attempt"] = 0,
                ["retry_reason"] = "",
            };
            return SendAsync(envelope.ToJsonString());
        }

        /// <summary>An <c>events_api</c> envelope around <paramref name="payload"/> (an <c>event_callback</c>).</summary>
        public Task SendEventAsync(string envelopeId, JsonObject payload, int retryAttempt = 0) =>
            SendAsync(new JsonObject
            {
                ["envelope_id"] = envelopeId,
                ["type"] = "events_api",
                ["accepts_response_payload"] = false,
                ["retry_attempt"] = retryAttempt,
                ["retry_reason"] = retryAttempt == 0 ? string.Empty : "timeout",
                ["payload"] = payload.DeepClone(),
            }.ToJsonString());

        public Task SendEventAsync(string envelopeId, string eventId) =>
            SendAsync($$"""{"envelope_id":"{{envelopeId}}","type":"events_api","accepts_response_payload":false,"retry_attempt":0,"retry_reason":"","payload":{"type":"event_callback","event_id":"{{eventId}}","event":{"type":"app_mention","text":"hi"} } }""");

        /// <summary>The next ack from the client.</summary>
        public Task<JsonElement> NextAckAsync() => ReceiveAsync();
    }
}
