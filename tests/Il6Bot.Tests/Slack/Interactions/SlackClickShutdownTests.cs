using System.Net;
using Il6Bot.Commands.Buttons;
using Il6Bot.Messages.Buttons;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.Interactions;

/// <summary>A click acknowledged with an empty 200 whose answer is still being made when the real host stops gracefully.</summary>
public sealed class SlackClickShutdownTests : IAsyncLifetime
{
    private readonly SlowTopics _slow = new();
    private readonly SignallingTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private SlackHostWithFake _world = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _world = await SlackHostWithFake.StartAsync(_time, services => services.AddSingleton<IButtonHandler>(_slow), logs: null, Token);

    public async ValueTask DisposeAsync()
    {
        _slow.Release.TrySetResult();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_the_host_waits_for_a_clicks_answer_and_it_still_arrives()
    {
        var payload = SlackClicks.Payload("il6:1:t:how", _world.Slack.ResponseUrl("late"), "trig-late", onEphemeral: false);
        var (status, body) = await SlackClicks.SendAsync(_world.Host, SlackClicks.Sign(SlackClicks.Form(payload), _time));
        Assert.Equal((HttpStatusCode.OK, string.Empty), (status, body));
        await _slow.Started.Task.WaitAsync(Token);

        var stop = _world.Host.App.StopAsync(Token);
        await _world.Stopping.WaitAsync(Token);
        Assert.False(stop.IsCompleted);
        _slow.Release.SetResult();
        await stop;

        var answer = Assert.Single(_world.Slack.Requests, r => r.Path == "/response/late");
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
