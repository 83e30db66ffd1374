using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Il6Bot.Bench;

/// <summary>
/// A fake Discord REST API on 127.0.0.1 that rate-limits like the real one:
/// <list type="bullet">
/// <item>a global limit of <see cref="GlobalPerSecond"/> requests per 1-second window (windows aligned to the first
/// request); over it → 429 <c>{"global":true,"retry_after":s}</c> with <c>X-RateLimit-Global</c>/<c>-Scope: global</c>.
/// Real Discord announces no global headers on success, so a client must pace the global limit itself.</item>
/// <item>a per-route bucket for <c>POST /channels/{id}/messages</c> keyed by the channel id (the major parameter):
/// <see cref="RouteLimit"/> messages per <see cref="RouteWindow"/>, announced on every answer with
/// <c>X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket</c> (the same bucket hash for every channel, as Discord
/// does); over it → 429 with <c>retry_after</c> and <c>X-RateLimit-Scope: user</c>.</item>
/// <item><c>nonce</c> + <c>enforce_nonce</c>: a repeated nonce returns the earlier message, nothing new is created.</item>
/// </list>
/// Requests answered 429 do not count against the windows.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const int GlobalPerSecond = 50;
    public const int RouteLimit = 5;
    public static readonly TimeSpan RouteWindow = TimeSpan.FromSeconds(5);
    private const string BucketHash = "c0ffee0000bench";

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly Dictionary<string, (long WindowStart, int Used)> _routes = [];
    private readonly Dictionary<string, string> _nonces = [];
    private readonly HashSet<string> _channels = [];
    private long _globalStart = -1;
    private long _globalWindow = -1;
    private int _globalUsed;
    private long _nextMessageId = 1_200_000_000_000_000_000;

    private FakeDiscord(WebApplication app) => _app = app;

    public Uri ApiBaseUrl { get; private set; } = null!;

    public int Created { get; private set; }

    public int DuplicateNonces { get; private set; }

    public int Global429 { get; private set; }

    public int Route429 { get; private set; }

    public int OtherRequests { get; private set; }

    public int Channels => _channels.Count;

    /// <summary>Most messages created in any one global window (must stay ≤ the limit).</summary>
    public int PeakPerWindow { get; private set; }

    public DateTimeOffset? FirstRequest { get; private set; }

    public DateTimeOffset? LastCreated { get; private set; }

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.MapPost("/api/v10/channels/{channelId}/messages", fake.CreateMessageAsync);
        app.Map("/{**rest}", (HttpContext context) =>
        {
            lock (fake._gate)
            {
                fake.OtherRequests++;
            }

            return Results.Json(new { id = "1", type = 0 });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.ApiBaseUrl = new Uri(address.TrimEnd('/') + "/api/v10");
        return fake;
    }

    private async Task CreateMessageAsync(HttpContext context, string channelId)
    {
        string? nonce = null;
        var enforce = false;
        using (var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))
        {
            if (json.RootElement.TryGetProperty("nonce", out var n))
            {
                nonce = n.ValueKind == JsonValueKind.String ? n.GetString() : n.GetRawText();
            }

            enforce = json.RootElement.TryGetProperty("enforce_nonce", out var e) && e.ValueKind == JsonValueKind.True;
        }

        var response = context.Response;
        var now = _time.GetTimestamp();
        var frequency = _time.TimestampFrequency;
        string messageId = string.Empty;
        object? limited = null;
        lock (_gate)
        {
            FirstRequest ??= _time.GetUtcNow();
            if (_globalStart < 0)
            {
                _globalStart = now;
            }

            var window = (now - _globalStart) / frequency;
            if (window != _globalWindow)
            {
                _globalWindow = window;
                _globalUsed = 0;
            }

            if (_globalUsed >= GlobalPerSecond)
            {
                Global429++;
                var retry = (_globalStart + ((window + 1) * frequency) - now) / (double)frequency;
                response.StatusCode = 429;
                response.Headers["X-RateLimit-Global"] = "true";
                response.Headers["X-RateLimit-Scope"] = "global";
                response.Headers.RetryAfter = Math.Ceiling(retry).ToString(CultureInfo.InvariantCulture);
                limited = new { message = "You are being rate limited.", retry_after = Math.Round(retry, 3), global = true };
            }
            else
            {
                messageId = Admit(channelId, nonce, enforce, response, now, frequency, ref limited);
            }
        }

        if (limited is not null)
        {
            await response.WriteAsJsonAsync(limited);
            return;
        }

        await response.WriteAsJsonAsync(new { id = messageId, channel_id = channelId, type = 0, content = "", nonce });
    }

    /// <summary>The per-route bucket and the message itself; called under the lock after the global check passed.</summary>
    private string Admit(string channelId, string? nonce, bool enforce, HttpResponse response, long now, long frequency, ref object? limited)
    {
        var windowTicks = (long)(RouteWindow.TotalSeconds * frequency);
        var (start, used) = _routes.TryGetValue(channelId, out var bucket) && now - bucket.WindowStart < windowTicks ? bucket : (now, 0);
        var resetAfter = (start + windowTicks - now) / (double)frequency;
        response.Headers["X-RateLimit-Limit"] = RouteLimit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Bucket"] = BucketHash;
        response.Headers["X-RateLimit-Reset-After"] = resetAfter.ToString("F3", CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = ((_time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0) + resetAfter).ToString("F3", CultureInfo.InvariantCulture);
        if (used >= RouteLimit)
        {
            Route429++;
            response.StatusCode = 429;
            response.Headers["X-RateLimit-Remaining"] = "0";
            response.Headers["X-RateLimit-Scope"] = "user";
            response.Headers.RetryAfter = Math.Ceiling(resetAfter).ToString(CultureInfo.InvariantCulture);
            limited = new { message = "You are being rate limited.", retry_after = Math.Round(resetAfter, 3), global = false };
            return string.Empty;
        }

        _globalUsed++;
        PeakPerWindow = Math.Max(PeakPerWindow, _globalUsed);
        _routes[channelId] = (start, used + 1);
        response.Headers["X-RateLimit-Remaining"] = (RouteLimit - used - 1).ToString(CultureInfo.InvariantCulture);

        if (enforce && nonce is not null && _nonces.TryGetValue(nonce, out var existing))
        {
            DuplicateNonces++;
            return existing;
        }

        var messageId = (_nextMessageId++).ToString(CultureInfo.InvariantCulture);
        if (nonce is not null)
        {
            _nonces[nonce] = messageId;
        }

        Created++;
        _channels.Add(channelId);
        LastCreated = _time.GetUtcNow();
        return messageId;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
