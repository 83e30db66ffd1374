using System.Collections.Concurrent;
using System.Net;
using Il6Bot.Slack.WebApi;
using Il6Bot.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Il6Bot.Tests.Slack.Workspaces;

/// <summary>
/// A bot with only a signing secret (slash commands, no token) never calls the Web API, so it must not build the Web
/// API client: building it builds its HTTP pipeline (rate limiter, resilience) and compiles the typed client's
/// factory, megabytes a small bot keeps for nothing (bench: peak RSS under load).
/// </summary>
public sealed class SingleWorkspaceClientTests
{
    [Fact]
    public async Task Il6_with_no_token_builds_no_Web_API_client_until_one_is_asked_for()
    {
        var built = new ConcurrentQueue<string>();
        await using var world = await SlackWorld.StartAsync();
        var host = await world.StartHostAsync(
            settings: new Dictionary<string, string?> { ["Slack:BotToken"] = "" },
            configure: builder => builder.Services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new RecordingFilter(built)));

        var (status, body) = await SlackWorld.SendAsync(host, world.SignCommand("/il6", "benefits"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"blocks\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(built, name => name.Contains(nameof(SlackApiClient), StringComparison.Ordinal));

        // The recorder does see the client being built once something asks for it.
        host.Services.GetRequiredService<SlackApiClient>();
        Assert.Contains(built, name => name.Contains(nameof(SlackApiClient), StringComparison.Ordinal));
    }

    private sealed class RecordingFilter(ConcurrentQueue<string> built) : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            built.Enqueue(builder.Name ?? string.Empty);
            next(builder);
        };
    }
}
