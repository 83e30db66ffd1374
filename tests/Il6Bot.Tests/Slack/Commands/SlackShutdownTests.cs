using System.Globalization;
using System.Net;
using System.Text;
using Il6Bot.Commands;
using Il6Bot.Slack.Commands;
using Il6Bot.Slack.Http;
using Il6Bot.Tests.Discord.Rest;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.Commands;

/// <summary>A slash command acknowledged empty and still being answered when the real host stops gracefully.</summary>
public sealed class SlackShutdownTests : IAsyncLifetime
{
    private readonly SignallingTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ReleasedCommandHandler _slow = new("slowtest");
    private readonly CapturingLoggerProvider _logs = new();
    private SlackHostWithFake _world = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _world = await SlackHostWithFake.StartAsync(_time, services => services.AddSingleton<ICommandHandler>(_slow), _logs, Token);

    public async ValueTask DisposeAsync()
    {
        _slow.Release.TrySetResult();
        await _world.DisposeAsync();
    }

    /// <summary>Sends the slow command and lets Slack's ack deadline pass: the answer is now owed to response_url.</summary>
    private async Task AckedEmptyAsync()
    {
        const string body = "team_id=T1&channel_id=C9&user_id=U2&command=%2Fslowtest&text=&response_url=";
        var form = body + Uri.EscapeDataString(_world.Slack.ResponseUrl("r1"));
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignatureVerifier.Sign(SlackWorld.Secret, timestamp, Encoding.UTF8.GetBytes(form)));

        var pending = _world.Host.Client.SendAsync(request, Token);
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

        var stop = _world.Host.App.StopAsync(Token);
        await _world.Stopping.WaitAsync(Token);
        Assert.False(stop.IsCompleted);
        _slow.Release.SetResult();
        await stop;

        var followUp = Assert.Single(_world.Slack.Requests, r => r.Path == "/response/r1");
        Assert.Equal("Finally done.", followUp.Json["text"]?.GetValue<string>());
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task At_the_shutdown_deadline_a_late_answer_is_abandoned_and_logged()
    {
        await AckedEmptyAsync();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var stop = _world.Host.App.StopAsync(deadline.Token);
        await _world.Stopping.WaitAsync(Token);
        await deadline.CancelAsync();
        await stop;

        Assert.Equal(0, _world.Slack.CountCalls("/response/r1"));
        Assert.Contains(_logs.Lines, l => l.Contains("Shutdown deadline reached with 1 late slash-command answers undelivered", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains("Late answer to /slowtest dropped", StringComparison.Ordinal));
        Assert.True(_slow.Cancelled);
    }
}
