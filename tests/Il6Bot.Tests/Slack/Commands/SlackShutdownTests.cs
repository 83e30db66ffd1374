using System.Globalization;
using System.Net;
using System.Text;
using Il6Bot.Commands;
using Il6Bot.Slack.Commands;
using Il6Bot.Slack.Http;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Discord.Rest;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Slack.Commands;

/// <summary>A slash command acknowledged empty and still being answered when the real host stops gracefully.</summary>
public sealed class SlackShutdownTests : IAsyncLifetime
{
    private const string Secret = "test-signing-secret";

    private readonly SignallingTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ReleasedCommandHandler _slow = new("slowtest");
    private readonly CapturingLoggerProvider _logs = new();
    private FakeSlackApi _slack = null!;
    private BotHost _host = null!;
    private TaskCompletionSource _stopping = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync(_time, Token);
        _host = await BotHost.StartAsync(
            new Dictionary<string, string?> { ["Slack:SigningSecret"] = Secret, ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl },
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(_time);
                builder.Services.AddSingleton<ICommandHandler>(_slow);
                builder.Logging.AddProvider(_logs);
            },
            cancellationToken: Token);
        _stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => _stopping.TrySetResult());
    }

    public async ValueTask DisposeAsync()
    {
        _slow.Release.TrySetResult();
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
    }

    /// <summary>Sends the slow command and lets Slack's ack deadline pass: the answer is now owed to response_url.</summary>
    private async Task AckedEmptyAsync()
    {
        const string body = "team_id=T1&channel_id=C9&user_id=U2&command=%2Fslowtest&text=&response_url=";
        var form = body + Uri.EscapeDataString(_slack.ResponseUrl("r1"));
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignatureVerifier.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(form)));

        var pending = _host.Client.SendAsync(request, Token);
        await _time.TimerCreated(SlackCommandHandler.AckDeadline, Token);
        _time.Advance(SlackCommandHandler.AckDeadline);
        using var ack = await pending;
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Empty(await ack.Content.ReadAsByteArrayAsync(Token));
    }

    [Fact]
    public async Task Stopping_the_host_waits_for_a_late_answer_and_it_still_arrives()
    {
        await AckedEmptyAsync();

        var stop = _host.App.StopAsync(Token);
        await _stopping.Task.WaitAsync(Token);
        Assert.False(stop.IsCompleted);
        _slow.Release.SetResult();
        await stop;

        var followUp = Assert.Single(_slack.Requests, r => r.Path == "/response/r1");
        Assert.Equal("Finally done.", followUp.Json["text"]?.GetValue<string>());
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task At_the_shutdown_deadline_a_late_answer_is_abandoned_and_logged()
    {
        await AckedEmptyAsync();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var stop = _host.App.StopAsync(deadline.Token);
        await _stopping.Task.WaitAsync(Token);
        await deadline.CancelAsync();
        await stop;

        Assert.Equal(0, _slack.CountCalls("/response/r1"));
        Assert.Contains(_logs.Lines, l => l.Contains("Shutdown deadline reached with 1 late slash-command answers undelivered", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains("Late answer to /slowtest dropped", StringComparison.Ordinal));
        Assert.True(_slow.Cancelled);
    }
}
