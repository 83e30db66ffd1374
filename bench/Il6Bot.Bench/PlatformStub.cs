using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Il6Bot.Bench;

/// <summary>
/// Slack's Web API (under <c>/api</c>), response_url (<c>/response/…</c>) and Discord's REST API (under
/// <c>/discord</c>) on 127.0.0.1, agreeable to everything: the channels the fuzz bodies name exist, the bot may post
/// in them, posts succeed. So a fuzzed <c>/nudge send</c> or <c>schedule</c> runs its whole path without the internet.
/// </summary>
public sealed class PlatformStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private PlatformStub(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        SlackApiBaseUrl = baseUrl + "/api";
        DiscordApiBaseUrl = baseUrl + "/discord";
    }

    public string SlackApiBaseUrl { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>: response_urls under it are allowed by the bot, being on the Slack API's host and port.</summary>
    public string BaseUrl { get; }

    public string DiscordApiBaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<PlatformStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        PlatformStub? stub = null;
        app.Run(context =>
        {
            Interlocked.Increment(ref stub!._requests);
            var (status, json) = Answer(context.Request.Method, context.Request.Path.Value ?? "/");
            context.Response.StatusCode = status;
            if (json is null)
            {
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(json);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
        stub = new PlatformStub(app, address);
        return stub;
    }

    private static (int Status, string? Json) Answer(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (method, segments) switch
        {
            (_, ["api", "conversations.info"]) => (200, """{"ok":true,"channel":{"id":"C123","name":"general","is_member":true,"is_archived":false}}"""),
            (_, ["api", "chat.postMessage"]) => (200, $$"""{"ok":true,"channel":"C123","ts":"{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}.000100"}"""),
            (_, ["api", "conversations.history"]) => (200, """{"ok":true,"messages":[],"has_more":false}"""),
            (_, ["api", ..]) => (200, """{"ok":true}"""),
            (_, ["response", ..]) => (200, null),
            ("GET", ["discord", "channels", var id]) => (200, new JsonObject { ["id"] = id, ["guild_id"] = FuzzGuild, ["type"] = 0, ["name"] = "general", ["permission_overwrites"] = new JsonArray() }.ToJsonString()),
            ("GET", ["discord", "users", "@me"]) => (200, """{"id":"555","username":"il6bot","bot":true}"""),
            ("GET", ["discord", "guilds", var id]) => (200, new JsonObject { ["id"] = id, ["owner_id"] = "1", ["roles"] = new JsonArray(new JsonObject { ["id"] = id, ["permissions"] = "19456" }) }.ToJsonString()),
            ("GET", ["discord", "guilds", _, "members", _]) => (200, """{"roles":[]}"""),
            ("PUT", ["discord", "applications", ..]) => (200, "[]"),
            ("POST", ["discord", "channels", var id, "messages"]) => (200, new JsonObject { ["id"] = "1200000000000000001", ["channel_id"] = id }.ToJsonString()),
            (_, ["discord", "interactions", ..]) => (204, null),
            ("DELETE", ["discord", "webhooks", ..]) => (204, null),
            (_, ["discord", "webhooks", ..]) => (200, """{"id":"1200000000000000002","channel_id":"0"}"""),
            _ => (404, """{"ok":false,"error":"unknown_method","message":"404: Not Found","code":0}"""),
        };
    }

    private const string FuzzGuild = "900";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
