using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Il6Bot.Testing.Fakes;

/// <summary>
/// An in-process Discord on 127.0.0.1: <c>GET /api/v10/gateway/bot</c>, the interaction callback and
/// command registration endpoints, and a Gateway WebSocket at <c>/gateway</c> (identify) and
/// <c>/resume</c> (the session's resume_gateway_url). The test scripts each connection with real opcodes.
/// </summary>
public sealed class FakeDiscordGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<FakeGatewayConnection> _connections = Channel.CreateUnbounded<FakeGatewayConnection>();
    private readonly Channel<RecordedCallback> _callbacks = Channel.CreateUnbounded<RecordedCallback>();
    private int _connectionCount;

    private FakeDiscordGateway(WebApplication app)
    {
        _app = app;
        BaseUrl = LoopbackServer.BaseUrl(app);
    }

    public string BaseUrl { get; }

    public string ApiBaseUrl => BaseUrl + "/api/v10";

    public string GatewayUrl => "ws" + BaseUrl["http".Length..] + "/gateway";

    public string ResumeUrl => "ws" + BaseUrl["http".Length..] + "/resume";

    /// <summary>For <c>Discord:GatewayUrl</c> (a proxy in front of the Gateway): served like /gateway, but not the URL
    /// <c>GET /gateway/bot</c> answers.</summary>
    public string ProxyUrl => "ws" + BaseUrl["http".Length..] + "/proxy";

    /// <summary>Status for <c>GET /gateway/bot</c>; anything but 200 fails it.</summary>
    public int GatewayBotStatus { get; set; } = 200;

    public int SessionStartRemaining { get; set; } = 1000;

    public long SessionStartResetAfterMs { get; set; } = 3_600_000;

    /// <summary>When false, heartbeats go unanswered (a zombie connection from the client's view).</summary>
    public bool AutoAckHeartbeats { get; set; } = true;

    public ConcurrentQueue<string?> GatewayBotAuthorizations { get; } = new();

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public static async Task<FakeDiscordGateway> StartAsync()
    {
        var app = LoopbackServer.CreateBuilder().Build();
        var fake = (FakeDiscordGateway?)null;
        app.UseWebSockets();

        app.MapGet("/api/v10/gateway/bot", (HttpContext context) =>
        {
            fake!.GatewayBotAuthorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            if (fake.GatewayBotStatus != 200)
            {
                return Results.StatusCode(fake.GatewayBotStatus);
            }

            var body = new JsonObject
            {
                ["url"] = fake.GatewayUrl,
                ["shards"] = 1,
                ["session_start_limit"] = new JsonObject
                {
                    ["total"] = 1000,
                    ["remaining"] = fake.SessionStartRemaining,
                    ["reset_after"] = fake.SessionStartResetAfterMs,
                    ["max_concurrency"] = 1,
                },
            };
            return Results.Content(body.ToJsonString(), "application/json");
        });

        app.MapPost("/api/v10/interactions/{id}/{token}/callback", async (string id, string token, HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            fake!._callbacks.Writer.TryWrite(new RecordedCallback(id, token, document.RootElement.Clone()));
            return Results.NoContent();
        });

        // Command registration by the bot on start; accepted and otherwise ignored here.
        app.MapPut("/api/v10/applications/{**rest}", () => Results.Content("[]", "application/json"));
        app.MapMethods("/api/v10/webhooks/{**rest}", ["POST", "PATCH", "DELETE"], () => Results.Content("{\"id\":\"1\"}", "application/json"));

        app.Map("/gateway", context => fake!.AcceptAsync(context));
        app.Map("/resume", context => fake!.AcceptAsync(context));
        app.Map("/proxy", context => fake!.AcceptAsync(context));

        await app.StartAsync();
        fake = new FakeDiscordGateway(app);
        return fake;
    }

    public async Task<FakeGatewayConnection> NextConnectionAsync() =>
        await _connections.Reader.ReadAsync().AsTask().WaitAsync(FakeWebSocketPeer.Timeout);

    public async Task<RecordedCallback> NextCallbackAsync() =>
        await _callbacks.Reader.ReadAsync().AsTask().WaitAsync(FakeWebSocketPeer.Timeout);

    public IReadOnlyList<RecordedCallback> CallbacksSoFar()
    {
        var list = new List<RecordedCallback>();
        while (_callbacks.Reader.TryRead(out var callback))
        {
            list.Add(callback);
        }

        return list;
    }

    public ValueTask DisposeAsync() => LoopbackServer.StopAsync(_app);

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        Interlocked.Increment(ref _connectionCount);
        using var connection = new FakeGatewayConnection(socket, context.Request.Path, context.Request.QueryString.Value ?? string.Empty, this);
        _connections.Writer.TryWrite(connection);
        await connection.RunAsync(context.RequestAborted);
    }

    public sealed record RecordedCallback(string InteractionId, string Token, JsonElement Body);

    /// <summary>One Gateway connection, scripted by the test. Heartbeats are kept apart from other payloads.</summary>
    public sealed class FakeGatewayConnection(WebSocket socket, string path, string query, FakeDiscordGateway owner)
        : FakeWebSocketPeer(socket, path, query)
    {
        private readonly Channel<JsonElement> _heartbeats = Channel.CreateUnbounded<JsonElement>();

        public Task SendHelloAsync(int heartbeatIntervalMs) =>
            SendAsync($$"""{"op":10,"d":{"heartbeat_interval":{{heartbeatIntervalMs}}},"s":null,"t":null}""");

        public Task SendDispatchAsync(string eventName, int sequence, string dataJson) =>
            SendAsync($$"""{"op":0,"d":{{dataJson}},"s":{{sequence}},"t":"{{eventName}}"}""");

        public Task SendReadyAsync(int sequence, string sessionId, string resumeUrl) =>
            SendDispatchAsync("READY", sequence, $$"""{"v":10,"session_id":"{{sessionId}}","resume_gateway_url":"{{resumeUrl}}","user":{"id":"1","username":"il6bot"},"guilds":[],"application":{"id":"42"} }""");

        public Task SendOpAsync(int op, string dataJson = "null") =>
            SendAsync($$"""{"op":{{op}},"d":{{dataJson}},"s":null,"t":null}""");

        /// <summary>The next client heartbeat's <c>d</c> (last sequence or null).</summary>
        public async Task<JsonElement> NextHeartbeatAsync() =>
            await _heartbeats.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        protected override async Task OnMessageAsync(JsonElement message)
        {
            if (message.GetProperty("op").GetInt32() == 1)
            {
                _heartbeats.Writer.TryWrite(message.GetProperty("d"));
                if (owner.AutoAckHeartbeats)
                {
                    await SendOpAsync(11);
                }

                return;
            }

            await base.OnMessageAsync(message);
        }
    }
}
