using System.Globalization;
using System.Net;
using System.Text;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;
using Il6Bot.Slack.Commands;
using Il6Bot.Slack.Http;
using Il6Bot.Slack.WebApi;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Discord.Rest;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Slack.WebApi;

/// <summary>
/// A <c>response_url</c> is a credential (anyone holding it may answer in the channel for 30 minutes), and so is
/// the bot token: neither may reach a log line, at any level, from any category (HttpClient's own loggers log
/// request URLs).
/// </summary>
public sealed class SlackCredentialLoggingTests : IAsyncLifetime
{
    private const string Secret = "test-signing-secret";
    // Made up, and assembled at run time so secret scanners do not take a test value for a leaked token.
    private static readonly string BotToken = string.Concat("xoxb", "-", "fake-credential-logging");
    private const string HookId = "T0HOOK-B0HOOK-SECRETxyz123";

    private readonly SignallingTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly SlowHandler _slow = new();
    private FakeSlackApi _slack = null!;
    private BotHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync(_time, Ct);
        _slack.Channels["C9"] = (true, false);
        _host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Slack:SigningSecret"] = Secret,
                ["Slack:BotToken"] = BotToken,
                ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace", // appsettings.json quiets it; an operator may not
            },
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(_logs);
                builder.Services.AddSingleton<TimeProvider>(_time);
                builder.Services.AddSingleton<ICommandHandler>(_slow);
            },
            cancellationToken: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _slow.Release.TrySetResult();
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Neither_a_response_url_nor_the_bot_token_reaches_a_log_line()
    {
        var responseUrl = _slack.ResponseUrl(HookId);
        var pending = _host.Client.SendAsync(Signed(Form(responseUrl)), Ct);
        await _time.TimerCreated(SlackCommandHandler.AckDeadline, Ct);
        _time.Advance(SlackCommandHandler.AckDeadline);
        using (var ack = await pending)
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        _slow.Release.SetResult();
        await _host.Services.GetRequiredKeyedService<DeadlineResponder>(Platform.Slack).DrainAsync(Ct);
        Assert.Single(_slack.Requests, r => r.Path == "/response/" + HookId);

        // The Web API client, which carries the token, on a success and on a failure.
        var poster = _host.Services.GetRequiredService<SlackNudgePoster>();
        Assert.Equal(PostOutcome.Posted, (await poster.PostAsync("C9", Reply.PublicText("Lift today."), "k1", Ct)).Outcome);
        _slack.FailWith("chat.postMessage", "channel_not_found");
        await poster.PostAsync("C9", Reply.PublicText("Lift today."), "k2", Ct);

        Assert.Contains(_logs.Lines, line => line.Contains("response_url", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(HookId, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("/response/", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(BotToken, StringComparison.Ordinal));
    }

    private static string Form(string responseUrl) =>
        "team_id=T1&team_domain=test&channel_id=C9&channel_name=general&user_id=U2&user_name=someone&command=%2Fslowlog&text="
        + "&response_url=" + Uri.EscapeDataString(responseUrl) + "&trigger_id=1.1.logtest";

    private HttpRequestMessage Signed(string body)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignatureVerifier.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private sealed class SlowHandler : ICommandHandler
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CommandSpec Spec { get; } = new("slowlog", "Answers when released.", [], []);

        public async Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            await Release.Task.WaitAsync(cancellationToken);
            return Reply.PublicText("Finally done.");
        }
    }
}
