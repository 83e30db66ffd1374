using System.Text;
using Il6Bot.Discord.Http;
using Il6Bot.Slack.Http;
using Il6Bot.Tests.Hosting;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Transports.Webhooks;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Transports.Webhooks;

/// <summary>
/// The body limit and unreadable bodies, as raw HTTP through the real host: the limit is exactly
/// <see cref="RequestBody.MaxBytes"/> however the body is framed, and a broken chunked body is a 400 with nothing
/// worse than a debug line in the log.
/// </summary>
public sealed class RequestBodyTests : IAsyncLifetime
{
    private BothPlatformsHost _bot = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bot = await BothPlatformsHost.StartAsync(LogLevel.Information, Ct);

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    public static TheoryData<string, string> BadChunkSizes() => new()
    {
        { SlackCommandEndpoint.Path, "100000000" },
        { DiscordInteractionsEndpoint.Path, "100000000" },
        { SlackCommandEndpoint.Path, "fffffffffffffffff" },
        { DiscordInteractionsEndpoint.Path, "fffffffffffffffff" },
        { SlackCommandEndpoint.Path, "zz" },
        { DiscordInteractionsEndpoint.Path, "-1" },
    };

    [Theory]
    [MemberData(nameof(BadChunkSizes))]
    public async Task A_malformed_chunk_size_is_400_without_an_error_in_the_log(string path, string chunkSize)
    {
        using var client = _bot.NewClient();

        var response = await client.SendAsync(RawHttpClient.PostFramed(path, Encoding.ASCII.GetBytes(chunkSize + "\r\nabc\r\n0\r\n\r\n")), Ct);

        Assert.Equal(400, response.Status);
        Assert.DoesNotContain(_bot.Logs.Entries, e => e.Level >= LogLevel.Warning || e.Exception is not null);
    }

    /// <summary>0 is Content-Length; anything else is the chunk size (the last one: a single chunk).</summary>
    public static TheoryData<string, int> Framings() => new()
    {
        { SlackCommandEndpoint.Path, 0 },
        { DiscordInteractionsEndpoint.Path, 0 },
        { SlackCommandEndpoint.Path, 1 },
        { DiscordInteractionsEndpoint.Path, 7 },
        { SlackCommandEndpoint.Path, 8192 },
        { DiscordInteractionsEndpoint.Path, 8192 },
        { DiscordInteractionsEndpoint.Path, 100_000 },
        { SlackCommandEndpoint.Path, RequestBody.MaxBytes + 1 },
        { DiscordInteractionsEndpoint.Path, RequestBody.MaxBytes + 1 },
    };

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task A_body_of_exactly_the_limit_is_answered_and_one_byte_more_is_413(string path, int chunkSize)
    {
        using var client = _bot.NewClient();
        var atLimit = Padded(path, RequestBody.MaxBytes);
        var overLimit = Padded(path, RequestBody.MaxBytes + 1);

        var accepted = await client.SendAsync(Frame(path, atLimit, chunkSize), Ct);
        var refused = await client.SendAsync(Frame(path, overLimit, chunkSize), Ct);

        Assert.True(accepted.Status == 200, $"{accepted.Status}: {accepted.Body}");
        Assert.Contains(path == SlackCommandEndpoint.Path ? "\"response_type\"" : "{\"type\":1}", accepted.Body, StringComparison.Ordinal);
        Assert.Equal(413, refused.Status);
    }

    private byte[] Frame(string path, byte[] body, int chunkSize)
    {
        var headers = _bot.SignedHeaders(path, body);
        return chunkSize == 0 ? RawHttpClient.Post(path, body, headers) : RawHttpClient.PostChunked(path, body, chunkSize, headers);
    }

    /// <summary>A valid request (<c>/il6 what</c> on Slack, a ping on Discord) padded to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(string path, int size)
    {
        var start = path == SlackCommandEndpoint.Path
            ? "command=%2Fil6&team_id=T1&channel_id=C123&user_id=U1&text=what&pad="u8.ToArray()
            : "{\"type\":1,\"pad\":\""u8.ToArray();
        var end = path == SlackCommandEndpoint.Path ? ""u8.ToArray() : "\"}"u8.ToArray();
        var body = new byte[size];
        start.CopyTo(body, 0);
        body.AsSpan(start.Length, size - start.Length - end.Length).Fill((byte)'x');
        end.CopyTo(body, size - end.Length);
        return body;
    }
}
