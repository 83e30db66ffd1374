using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Il6Bot.Testing.Fakes;

/// <summary>
/// A fake Slack on 127.0.0.1 (Kestrel, free port): the Web API methods the bot calls under <see cref="ApiBaseUrl"/>
/// and response_url endpoints under <see cref="ResponseUrl"/>. It records every request, keeps posted messages
/// (with their metadata) as channel history, and can be told to answer 429, ok:false or an HTTP status.
/// </summary>
public sealed partial class FakeSlackApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly RequestJournal<SlackRecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _rateLimits = new();
    private readonly ConcurrentDictionary<string, string> _errors = new();
    private readonly ConcurrentDictionary<string, int> _statuses = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _statusesOnce = new();
    private readonly ConcurrentQueue<int> _postThenFail = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _responseUrlStatuses = new();
    private readonly List<PostedMessage> _posted = [];
    private readonly TimeProvider _clock;
    private long _sequence;

    private FakeSlackApi(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
        BaseAddress = new Uri(LoopbackServer.BaseUrl(app));
    }

    public Uri BaseAddress { get; }

    /// <summary>For <c>Slack:ApiBaseUrl</c>.</summary>
    public string ApiBaseUrl => new Uri(BaseAddress, "/api").ToString();

    /// <summary>Channel id → (bot is a member, archived) for <c>conversations.info</c>; unknown ids are channel_not_found.</summary>
    public ConcurrentDictionary<string, (bool IsMember, bool IsArchived)> Channels { get; } = new();

    /// <summary>
    /// <c>chat.postMessage</c> to one of these channels (or user ids, for a DM) answers <c>{"ok":false,"error":…}</c>;
    /// posts elsewhere still work, so a test can break a nudge's channel and still see the DM about it.
    /// </summary>
    public ConcurrentDictionary<string, string> ChannelErrors { get; } = new();

    public IReadOnlyList<SlackRecordedRequest> Requests => _requests.All;

    public IReadOnlyList<PostedMessage> Posted
    {
        get
        {
            lock (_gate)
            {
                return [.. _posted];
            }
        }
    }

    /// <param name="clock">Message timestamps (<c>ts</c>) are taken from it, so history lookups agree with the bot's clock.</param>
    public static async Task<FakeSlackApi> StartAsync(TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var app = LoopbackServer.CreateBuilder().Build();
        FakeSlackApi? fake = null;
        app.MapPost("/api/{method}", (HttpContext context, string method) => fake!.HandleApiAsync(context, method));
        app.MapPost("/response/{id}", (HttpContext context, string id) => fake!.HandleResponseUrlAsync(context, id));
        MapOAuthPages(app, () => fake!);
        await app.StartAsync(cancellationToken);
        fake = new FakeSlackApi(app, clock ?? TimeProvider.System);
        return fake;
    }

    public string ResponseUrl(string id) => new Uri(BaseAddress, "/response/" + id).ToString();

    /// <summary>The next <paramref name="times"/> calls to <paramref name="method"/> get 429 with Retry-After.</summary>
    public void RateLimit(string method, int retryAfterSeconds, int times = 1)
    {
        var queue = _rateLimits.GetOrAdd(method, _ => new ConcurrentQueue<int>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(retryAfterSeconds);
        }
    }

    /// <summary>Every call to <paramref name="method"/> answers <c>{"ok":false,"error":…}</c>.</summary>
    public void FailWith(string method, string error) => _errors[method] = error;

    /// <summary>Every call to <paramref name="method"/> answers this HTTP status.</summary>
    public void FailStatus(string method, int status) => _statuses[method] = status;

    /// <summary>When set, awaited after a Web API call is handled and before it is answered (given the request's
    /// abort token), so a test can stop the bot while Slack has acted but not yet answered.</summary>
    public Func<SlackRecordedRequest, CancellationToken, Task>? Hold { get; set; }

    /// <summary>The next <paramref name="times"/> calls to <paramref name="method"/> answer this HTTP status (and do nothing).</summary>
    public void FailStatus(string method, int status, int times)
    {
        var queue = _statusesOnce.GetOrAdd(method, _ => new ConcurrentQueue<int>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> <c>chat.postMessage</c> calls post the message (it is in history) but then
    /// answer <paramref name="status"/>, or with 0 never answer until the client gives up: Slack failed after posting.
    /// </summary>
    public void PostThenFail(int status, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _postThenFail.Enqueue(status);
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> POSTs to <see cref="ResponseUrl"/>(<paramref name="id"/>) are recorded and
    /// answered with <paramref name="status"/>: Slack may or may not have shown the message.
    /// </summary>
    public void FailResponseUrl(string id, int status, int times = 1)
    {
        var queue = _responseUrlStatuses.GetOrAdd(id, _ => new ConcurrentQueue<int>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(status);
        }
    }

    public int CountCalls(string path) => Requests.Count(r => r.Path == path);

    /// <summary>Completes when a matching request arrives (or has already arrived).</summary>
    public Task<SlackRecordedRequest> WaitForAsync(Func<SlackRecordedRequest, bool> match, CancellationToken cancellationToken) =>
        _requests.WaitForAsync(match, cancellationToken);

    public ValueTask DisposeAsync() => LoopbackServer.StopAsync(_app);

    private async Task<SlackRecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new SlackRecordedRequest(
            context.Request.Path.Value ?? string.Empty,
            context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType ?? string.Empty,
            body);
        _requests.Add(request);
        return request;
    }

    private async Task HandleApiAsync(HttpContext context, string method)
    {
        var request = await RecordAsync(context);
        if (_rateLimits.TryGetValue(method, out var queue) && queue.TryDequeue(out var retryAfter))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return;
        }

        if ((_statusesOnce.TryGetValue(method, out var statuses) && statuses.TryDequeue(out var status))
            || _statuses.TryGetValue(method, out status))
        {
            context.Response.StatusCode = status;
            return;
        }

        // The app's own credentials, not a bot token, authenticate the install's code exchange and token refresh.
        if (method == OAuthAccessMethod)
        {
            await WriteAsync(context, _errors.TryGetValue(method, out var oauthError) ? new JsonObject { ["ok"] = false, ["error"] = oauthError } : OAuthAccess(request));
            return;
        }

        if (!request.Authorization.StartsWith("Bearer xoxb-", StringComparison.Ordinal))
        {
            await WriteAsync(context, new JsonObject { ["ok"] = false, ["error"] = "not_authed" });
            return;
        }

        if (_errors.TryGetValue(method, out var error))
        {
            await WriteAsync(context, new JsonObject { ["ok"] = false, ["error"] = error });
            return;
        }

        if (method == "chat.postMessage" && request.Json["channel"]?.GetValue<string>() is { } target && ChannelErrors.TryGetValue(target, out var channelError))
        {
            await WriteAsync(context, new JsonObject { ["ok"] = false, ["error"] = channelError });
            return;
        }

        if (method == "chat.postMessage" && _postThenFail.TryDequeue(out var failAfterPosting))
        {
            PostMessage(request);
            if (failAfterPosting == 0)
            {
                await HangAsync(context);
            }
            else
            {
                context.Response.StatusCode = failAfterPosting;
            }

            return;
        }

        var answer = method switch
        {
            "chat.postMessage" => PostMessage(request),
            "conversations.info" => ConversationInfo(request),
            "conversations.history" => History(request),
            "users.info" => UserInfo(request),
            "auth.test" => AuthTest(request),
            _ => new JsonObject { ["ok"] = false, ["error"] = "unknown_method" },
        };
        if (Hold is { } hold)
        {
            // The call has had its effect (a message is posted); only the answer waits, as when a response is lost.
            await hold(request, context.RequestAborted);
        }

        await WriteAsync(context, answer);
    }

    private async Task HangAsync(HttpContext context)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its timeout) or the fake is stopping.
        }
    }

    private JsonObject PostMessage(SlackRecordedRequest request)
    {
        var json = request.Json;
        var channel = json["channel"]?.GetValue<string>() ?? string.Empty;
        var ts = _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "."
            + Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _posted.Add(new PostedMessage(channel, ts, json) { At = _clock.GetUtcNow() });
        }

        return new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts };
    }

    private JsonObject ConversationInfo(SlackRecordedRequest request)
    {
        var id = request.Form["channel"];
        return Channels.TryGetValue(id, out var channel)
            ? new JsonObject
            {
                ["ok"] = true,
                ["channel"] = new JsonObject { ["id"] = id, ["name"] = "general", ["is_member"] = channel.IsMember, ["is_archived"] = channel.IsArchived },
            }
            : new JsonObject { ["ok"] = false, ["error"] = "channel_not_found" };
    }

    private JsonObject History(SlackRecordedRequest request)
    {
        var channel = request.Form["channel"];
        var oldest = decimal.Parse(request.Form["oldest"], CultureInfo.InvariantCulture);
        var messages = new JsonArray();
        foreach (var posted in Posted.Where(p => p.Channel == channel && decimal.Parse(p.Ts, CultureInfo.InvariantCulture) > oldest).Reverse())
        {
            var message = new JsonObject { ["type"] = "message", ["ts"] = posted.Ts, ["text"] = posted.Json["text"]?.DeepClone() };
            if (request.Form["include_all_metadata"] == "true" && posted.Json["metadata"] is { } metadata)
            {
                message["metadata"] = metadata.DeepClone();
            }

            messages.Add(message);
        }

        return new JsonObject { ["ok"] = true, ["messages"] = messages, ["has_more"] = false };
    }

    private async Task HandleResponseUrlAsync(HttpContext context, string id)
    {
        await RecordAsync(context);
        if (_responseUrlStatuses.TryGetValue(id, out var statuses) && statuses.TryDequeue(out var status))
        {
            context.Response.StatusCode = status;
            return;
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("ok", context.RequestAborted);
    }

    private static Task WriteAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}

public sealed record SlackRecordedRequest(string Path, string Authorization, string ContentType, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new JsonException("empty body");

    public IReadOnlyDictionary<string, string> Form =>
        QueryHelpers.ParseQuery(Body).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
}

public sealed record PostedMessage(string Channel, string Ts, JsonNode Json)
{
    /// <summary>When the fake took the message (its clock), which is when it answered.</summary>
    public DateTimeOffset At { get; init; }
}
