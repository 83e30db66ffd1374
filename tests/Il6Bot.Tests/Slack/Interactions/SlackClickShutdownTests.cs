using System.Net;
using Il6Bot.Commands.Buttons;
using Il6Bot.Messages.Buttons;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Il6Bot.Tests.Slack.Interactions;

/// <summary>A click acknowledged with an empty 200 whose answer is still being made when the real host stops gracefully.</summary>
public sealed class SlackClickShutdownTests : IAsyncLifetime
{
    private readonly SlowTopics _slow = new();
    private readonly E2EClock _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private FakeSlackApi _slack = null!;
    private BotHost _host = null!;
    private TaskCompletionSource _stopping = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync(_time, Token);
        _host = await BotHost.StartAsync(
            new Dictionary<string, string?> { ["Slack:SigningSecret"] = SlackWorld.Secret, ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl },
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(_time);
                builder.Services.AddSingleton<IButtonHandler>(_slow);
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

    [Fact]
    public async Task Stopping_the_host_waits_for_a_clicks_answer_and_it_still_arrives()
    {
        var payload = SlackClicks.Payload("il6:1:t:how", _slack.ResponseUrl("late"), "trig-late", onEphemeral: false);
        var (status, body) = await SlackClicks.SendAsync(_host, SlackClicks.Sign(SlackClicks.Form(payload), _time));
        Assert.Equal((HttpStatusCode.OK, string.Empty), (status, body));
        await _slow.Started.Task.WaitAsync(Token);

        var stop = _host.App.StopAsync(Token);
        await _stopping.Task.WaitAsync(Token);
        Assert.False(stop.IsCompleted);
        _slow.Release.SetResult();
        await stop;

        var answer = Assert.Single(_slack.Requests, r => r.Path == "/response/late");
        Assert.Equal("Finally shown.", answer.Json["text"]?.GetValue<string>());
    }

    /// <summary>Topic clicks that answer only when the test lets them.</summary>
    private sealed class SlowTopics : IButtonHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyCollection<ButtonKind> Kinds { get; } = [ButtonKind.Topic];

        public async Task<ClickAnswer> HandleAsync(ButtonClick click, ButtonAction action, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return ClickAnswer.Private("Finally shown.");
        }
    }
}
