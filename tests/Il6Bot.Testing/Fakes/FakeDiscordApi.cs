using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Il6Bot.Testing.Fakes;

/// <summary>
/// A fake Discord REST API on 127.0.0.1 (Kestrel, random port) under <c>/api/v10</c>. It records every
/// request, serves command registration, channel messages (with <c>enforce_nonce</c> dedupe), channel
/// lookups, interaction callbacks and webhooks, and answers scripted failures (429, 403, 5xx) first.
/// With <see cref="GlobalLimit"/> set it also enforces a global limit like Discord's, on <see cref="Clock"/>.
/// </summary>
public sealed partial class FakeDiscordApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestJournal<DiscordRecordedRequest> _requests = new();
    private readonly List<Scripted> _scripted = [];
    private readonly ConcurrentDictionary<string, string> _nonces = new();
    private readonly Lock _lock = new();
    private long _nextId = 900_000_000_000_000_000;
    private long _globalWindow = long.MinValue;
    private int _globalUsed;
    private readonly Dictionary<string, (DateTimeOffset Start, int Used)> _routes = [];

    private FakeDiscordApi(WebApplication app)
    {
        _app = app;
        ApiBaseUrl = LoopbackServer.BaseUrl(app) + "/api/v10";
    }

    /// <summary>Value for <c>Discord:ApiBaseUrl</c>.</summary>
    public string ApiBaseUrl { get; }

    /// <summary>Channels GET /channels/{id} knows (id → guild id, type); unknown ids answer 404 / 10003.</summary>
    public ConcurrentDictionary<string, (string GuildId, int Type)> Channels { get; } = new();

    /// <summary>A channel's <c>permission_overwrites</c> JSON array (default none).</summary>
    public ConcurrentDictionary<string, string> ChannelOverwrites { get; } = new();

    /// <summary>Guilds GET /guilds/{id} knows: owner and <c>roles</c> JSON array (the @everyone role has the guild's id).</summary>
    public ConcurrentDictionary<string, (string OwnerId, string RolesJson)> Guilds { get; } = new();

    /// <summary>Members GET /guilds/{guild}/members/{user} knows, keyed "guild/user": their role ids.</summary>
    public ConcurrentDictionary<string, string[]> Members { get; } = new();

    /// <summary>The id GET /users/@me answers.</summary>
    public string BotUserId { get; set; } = "555";

    /// <summary>When set, every successful answer carries these <c>X-RateLimit-*</c> values.</summary>
    public (int Remaining, double ResetAfter)? RateLimitHeaders { get; set; }

    /// <summary>
    /// When set, at most this many requests per 1-second window of <see cref="Clock"/> (windows are whole
    /// seconds of that clock) on every route except interactions and webhooks, which Discord exempts; the
    /// next one gets a global 429 (<c>"global":true</c>, <c>X-RateLimit-Global</c>, <c>X-RateLimit-Scope:
    /// global</c>). Like Discord, nothing announces the global limit on success, and 429s do not count.
    /// </summary>
    public int? GlobalLimit { get; set; }

    /// <summary>
    /// When set, <c>POST /channels/{id}/messages</c> also has a per-channel bucket like Discord's (the channel id is
    /// the route's major parameter): at most <c>Limit</c> messages per <c>Window</c> of <see cref="Clock"/>, announced
    /// on every answer with <c>X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/-Bucket</c> (one bucket hash for every
    /// channel, as Discord does); over it, a 429 with <c>X-RateLimit-Scope: user</c>. 429s do not count.
    /// </summary>
    public (int Limit, TimeSpan Window)? MessageRouteLimit { get; set; }

    /// <summary>The clock of <see cref="GlobalLimit"/>'s windows (a test's fake clock, shared with the client).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Global 429s answered so far.</summary>
    public int Global429Count => _requests.All.Count(r => r.GlobalLimited);

    /// <summary>Per-channel 429s answered so far (<see cref="MessageRouteLimit"/>).</summary>
    public int Route429Count => _requests.All.Count(r => r.RouteLimited);

    /// <summary>Messages asked for again with a nonce already used: answered with the earlier message.</summary>
    public int RepeatedNonces => _requests.All.Count(r => r.Status == 200 && r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal) && !r.Created);

    /// <summary>The most requests admitted in one global window so far.</summary>
    public int PeakPerGlobalWindow { get; private set; }

    public IReadOnlyList<DiscordRecordedRequest> Requests => _requests.All;

    /// <summary>When set, awaited after a request is handled and recorded and before it is answered (given the
    /// request's abort token), so a test can stop the bot while Discord has acted but not yet answered.</summary>
    public Func<DiscordRecordedRequest, CancellationToken, Task>? Hold { get; set; }

    /// <summary>Messages actually created (a nonce repeat returns the earlier message instead).</summary>
    public int MessagesCreated => _requests.All.Count(r => r.Status == 200 && r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal) && r.Created);

    public static async Task<FakeDiscordApi> StartAsync()
    {
        var app = LoopbackServer.CreateBuilder().Build();
        FakeDiscordApi? fake = null;
        app.Run(context => fake!.HandleAsync(context));
        await app.StartAsync();
        fake = new FakeDiscordApi(app);
        return fake;
    }

    /// <summary>The next <paramref name="times"/> requests whose "METHOD path" (path after /api/v10)
    /// starts with <paramref name="prefix"/> get this answer instead of the normal one.</summary>
    public void Script(string prefix, int status, string? json = null, IDictionary<string, string>? headers = null, int times = 1)
    {
        lock (_lock)
        {
            _scripted.Add(new Scripted(prefix, status, json, headers ?? new Dictionary<string, string>(), times, acts: false));
        }
    }

    /// <summary>Like <see cref="Script"/>, but the request first does what it asks (a follow-up is created) and only its
    /// answer is the failure, as when Discord acted and then a proxy answered 502.</summary>
    public void ScriptActThenFail(string prefix, int status, int times = 1)
    {
        lock (_lock)
        {
            _scripted.Add(new Scripted(prefix, status, """{"message":"Bad Gateway","code":0}""", new Dictionary<string, string>(), times, acts: true));
        }
    }

    /// <summary>A 429 as Discord sends it: JSON <c>retry_after</c> (seconds) and <c>global</c>.</summary>
    public void Script429(string prefix, double retryAfter, bool global = false, int times = 1) =>
        Script(
            prefix,
            429,
            $$"""{"message":"You are being rate limited.","retry_after":{{retryAfter.ToString(CultureInfo.InvariantCulture)}},"global":{{(global ? "true" : "false")}}}""",
            new Dictionary<string, string> { ["Retry-After"] = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture), ["X-RateLimit-Global"] = global ? "true" : "false" },
            times);

    /// <summary>Completes with the first request (already seen or future) matching <paramref name="match"/>.</summary>
    public Task<DiscordRecordedRequest> WaitForAsync(Func<DiscordRecordedRequest, bool> match, CancellationToken cancellationToken) =>
        _requests.WaitForAsync(match, cancellationToken);

    public ValueTask DisposeAsync() => LoopbackServer.StopAsync(_app);

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? string.Empty;
        path = path.StartsWith("/api/v10", StringComparison.Ordinal) ? path["/api/v10".Length..] : path;
        var method = context.Request.Method;
        var key = method + " " + path;

        Scripted? scripted = null;
        lock (_lock)
        {
            scripted = _scripted.FirstOrDefault(s => s.Remaining > 0 && key.StartsWith(s.Prefix, StringComparison.Ordinal));
            if (scripted is not null)
            {
                scripted.Remaining--;
            }
        }

        var (limited, routeHeaders) = scripted is null ? TakeLimits(method, path) : (null, null);
        var (status, json, created) = (scripted, limited) switch
        {
            ({ Acts: true } s, _) => (s.Status, s.Json, Answer(method, path, body).Created),
            ({ } s, _) => (s.Status, s.Json, false),
            (null, { } over) => (429, $$"""{"message":"You are being rate limited.","retry_after":{{over.RetryAfter.ToString(CultureInfo.InvariantCulture)}},"global":{{(over.Global ? "true" : "false")}}}""", false),
            _ => Answer(method, path, body),
        };

        var recorded = new DiscordRecordedRequest(method, path, context.Request.Headers.Authorization.ToString(), body, status, created) { GlobalLimited = limited is { Global: true }, RouteLimited = limited is { Global: false }, At = Clock.GetUtcNow() };
        Record(recorded);
        if (Hold is { } hold)
        {
            // The request has had its effect (a message is created); only the answer waits, as when a response is lost.
            await hold(recorded, context.RequestAborted);
        }

        context.Response.StatusCode = status;
        if (limited is { } limit429)
        {
            context.Response.Headers["X-RateLimit-Scope"] = limit429.Global ? "global" : "user";
            context.Response.Headers["Retry-After"] = Math.Ceiling(limit429.RetryAfter).ToString(CultureInfo.InvariantCulture);
            if (limit429.Global)
            {
                context.Response.Headers["X-RateLimit-Global"] = "true";
            }
        }

        foreach (var (name, value) in routeHeaders ?? [])
        {
            context.Response.Headers[name] = value;
        }

        foreach (var (name, value) in scripted?.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (scripted is null && limited is null && RateLimitHeaders is { } limit)
        {
            context.Response.Headers["X-RateLimit-Remaining"] = limit.Remaining.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-RateLimit-Reset-After"] = limit.ResetAfter.ToString(CultureInfo.InvariantCulture);
        }

        if (json is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json);
        }
    }

    /// <summary>
    /// Counts the request against the global window and, for a channel message, its channel's bucket; says how long
    /// to wait when either is full (Discord checks the global limit first), and the bucket's headers.
    /// </summary>
    private (Limited? Limited, Dictionary<string, string>? RouteHeaders) TakeLimits(string method, string path)
    {
        lock (_lock)
        {
            var now = Clock.GetUtcNow();
            var globalLimited = GlobalLimit is { } limit
                && !path.StartsWith("/webhooks/", StringComparison.Ordinal) && !path.StartsWith("/interactions/", StringComparison.Ordinal);
            if (globalLimited)
            {
                var window = Math.DivRem(now.ToUnixTimeMilliseconds(), 1000, out var intoWindow);
                if (window != _globalWindow)
                {
                    _globalWindow = window;
                    _globalUsed = 0;
                }

                if (_globalUsed >= GlobalLimit!.Value)
                {
                    return (new Limited((1000 - intoWindow) / 1000.0, Global: true), null);
                }
            }

            Dictionary<string, string>? headers = null;
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (MessageRouteLimit is { } route && method == "POST" && segments is ["channels", var channel, "messages"])
            {
                var (start, used) = _routes.TryGetValue(channel, out var bucket) && now - bucket.Start < route.Window ? bucket : (now, 0);
                var resetAfter = (start + route.Window - now).TotalSeconds;
                headers = new Dictionary<string, string>
                {
                    ["X-RateLimit-Limit"] = route.Limit.ToString(CultureInfo.InvariantCulture),
                    ["X-RateLimit-Remaining"] = Math.Max(0, route.Limit - used - 1).ToString(CultureInfo.InvariantCulture),
                    ["X-RateLimit-Bucket"] = "c0ffee0000fake",
                    ["X-RateLimit-Reset-After"] = resetAfter.ToString("F3", CultureInfo.InvariantCulture),
                    ["X-RateLimit-Reset"] = ((now.ToUnixTimeMilliseconds() / 1000.0) + resetAfter).ToString("F3", CultureInfo.InvariantCulture),
                };
                if (used >= route.Limit)
                {
                    headers["X-RateLimit-Remaining"] = "0";
                    return (new Limited(resetAfter, Global: false), headers);
                }

                _routes[channel] = (start, used + 1);
            }

            if (globalLimited)
            {
                _globalUsed++;
                PeakPerGlobalWindow = Math.Max(PeakPerGlobalWindow, _globalUsed);
            }

            return (null, headers);
        }
    }

    private void Record(DiscordRecordedRequest recorded) => _requests.Add(recorded);

    private (int Status, string? Json, bool Created) Answer(string method, string path, string body)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (method, segments)
        {
            case ("PUT", ["applications", _, "commands"]):
            case ("PUT", ["applications", _, "guilds", _, "commands"]):
                return (200, body, false);
            case ("GET", ["channels", var id]):
                return Channels.TryGetValue(id, out var channel)
                    ? (200, $$"""{"id":"{{id}}","guild_id":"{{channel.GuildId}}","type":{{channel.Type}},"name":"general","permission_overwrites":{{ChannelOverwrites.GetValueOrDefault(id, "[]")}}}""", false)
                    : (404, """{"message":"Unknown Channel","code":10003}""", false);
            case ("GET", ["users", "@me"]):
                return (200, $$"""{"id":"{{BotUserId}}","username":"il6bot","bot":true}""", false);
            case ("GET", ["guilds", var guildId]):
                return Guilds.TryGetValue(guildId, out var guild)
                    ? (200, $$"""{"id":"{{guildId}}","owner_id":"{{guild.OwnerId}}","roles":{{guild.RolesJson}}}""", false)
                    : (404, """{"message":"Unknown Guild","code":10004}""", false);
            case ("GET", ["guilds", var guildId, "members", var userId]):
                return Members.TryGetValue(guildId + "/" + userId, out var roles)
                    ? (200, JsonSerializer.Serialize(new { roles, user = new { id = userId } }), false)
                    : (404, """{"message":"Unknown Member","code":10007}""", false);
            case ("POST", ["users", "@me", "channels"]):
                return OpenDm(body);
            case ("POST", ["channels", var id, "messages"]):
                if (RefusedDm(id) is { } refused)
                {
                    return refused;
                }

                if (!Channels.ContainsKey(id) && !IsDmChannel(id))
                {
                    return (404, """{"message":"Unknown Channel","code":10003}""", false);
                }

                var node = JsonNode.Parse(body);
                var nonce = node?["nonce"]?.GetValue<string>();
                var enforce = node?["enforce_nonce"]?.GetValue<bool>() == true;
                if (enforce && nonce is not null && _nonces.TryGetValue(id + "/" + nonce, out var existing))
                {
                    return (200, Message(existing, id), false);
                }

                var messageId = NewId();
                if (enforce && nonce is not null)
                {
                    _nonces[id + "/" + nonce] = messageId;
                }

                return (200, Message(messageId, id), true);
            case ("POST", ["interactions", _, _, "callback"]):
                return (204, null, false);
            case ("PATCH", ["webhooks", _, _, "messages", "@original"]):
                return (200, Message(NewId(), "0"), false);
            case ("DELETE", ["webhooks", _, _, "messages", "@original"]):
                return (204, null, false);
            case ("POST", ["webhooks", _, _]):
                return (200, Message(NewId(), "0"), true);
            default:
                return (404, """{"message":"404: Not Found","code":0}""", false);
        }
    }

    private string NewId() => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    private static string Message(string id, string channelId) => $$"""{"id":"{{id}}","channel_id":"{{channelId}}"}""";

    private sealed record Limited(double RetryAfter, bool Global);

    private sealed class Scripted(string prefix, int status, string? json, IDictionary<string, string> headers, int times, bool acts)
    {
        public bool Acts { get; } = acts;

        public string Prefix { get; } = prefix;

        public int Status { get; } = status;

        public string? Json { get; } = json;

        public IDictionary<string, string> Headers { get; } = headers;

        public int Remaining { get; set; } = times;
    }
}

/// <param name="Path">The path after <c>/api/v10</c>.</param>
/// <param name="Created">True when this request created a new channel message or follow-up.</param>
public sealed record DiscordRecordedRequest(string Method, string Path, string Authorization, string Body, int Status, bool Created)
{
    /// <summary>True when the fake answered 429 for its <see cref="FakeDiscordApi.GlobalLimit"/>.</summary>
    public bool GlobalLimited { get; init; }

    public bool RouteLimited { get; init; }

    /// <summary>When the fake handled it (on <see cref="FakeDiscordApi.Clock"/>); the answer follows at once.</summary>
    public DateTimeOffset At { get; init; }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
