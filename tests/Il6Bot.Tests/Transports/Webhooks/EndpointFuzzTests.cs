using System.Collections.Concurrent;
using System.Text;
using CsCheck;
using Il6Bot.Discord.Http;
using Il6Bot.Slack.Http;
using Il6Bot.Testing.Fuzz;
using Il6Bot.Tests.Hosting;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Transports.Webhooks;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Transports.Webhooks;

/// <summary>
/// Property: whatever a validly signed body holds (random, or a real command or interaction mutated by
/// <see cref="SlackFuzzBodies"/> and <see cref="DiscordFuzzBodies"/>), both endpoints of the real host answer without a 5xx, and nothing in the pipeline
/// fails unhandled. Raw HTTP on keep-alive connections to 127.0.0.1, fake Slack and Discord behind the bot.
/// </summary>
public sealed class EndpointFuzzTests : IAsyncLifetime
{
    private const int Cases = 1500;

    private readonly ConcurrentBag<RawHttpClient> _clients = [];
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private BothPlatformsHost _bot = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _bot = await BothPlatformsHost.StartAsync(LogLevel.Warning, Ct);
        _bot.Logs.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task No_signed_slack_body_gets_a_5xx()
    {
        var responseUrls = _bot.SlackApi.BaseAddress.ToString();

        await Gen.Int[0, int.MaxValue].SampleAsync(
            seed => AssertAnsweredAsync(SlackCommandEndpoint.Path, SlackFuzzBodies.Create(new Random(seed), seed, responseUrls)),
            iter: Cases,
            threads: 4);

        AssertNothingFailedUnhandled();
    }

    [Fact]
    public async Task No_signed_discord_body_gets_a_5xx()
    {
        await Gen.Int[0, int.MaxValue].SampleAsync(
            seed => AssertAnsweredAsync(DiscordInteractionsEndpoint.Path, DiscordFuzzBodies.Create(new Random(seed), seed)),
            iter: Cases,
            threads: 4);

        AssertNothingFailedUnhandled();
    }

    private async Task AssertAnsweredAsync(string path, byte[] body)
    {
        var client = _clients.TryTake(out var idle) ? idle : _bot.NewClient();
        try
        {
            var response = await client.SendAsync(RawHttpClient.Post(path, body, _bot.SignedHeaders(path, body)), Ct);
            _statuses.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
            Assert.True(response.Status < 500, $"{response.Status} {response.Body} for body: {Encoding.UTF8.GetString(body)}");
        }
        finally
        {
            _clients.Add(client);
        }
    }

    private void AssertNothingFailedUnhandled()
    {
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine("statuses: " + string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")));
        foreach (var group in _bot.Logs.Entries.GroupBy(e => $"{e.Level} {e.Category}"))
        {
            output?.WriteLine($"log: {group.Key} × {group.Count()}, e.g. {group.First().Message}");
        }

        Assert.DoesNotContain(_bot.Logs.Entries, e =>
            e.Category == typeof(RequestExceptionBoundary).FullName || (e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level >= LogLevel.Error));
        Assert.Equal(Cases, _statuses.Values.Sum());
    }
}
