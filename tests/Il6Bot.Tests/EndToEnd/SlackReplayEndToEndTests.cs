using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Il6Bot.Slack.Http;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// The same signed <c>POST /slack/commands</c> bytes sent again (a replay inside Slack's 5-minute window) through
/// the real host: the command is handled once per trigger_id, and every copy gets the first answer.
/// </summary>
public sealed class SlackReplayEndToEndTests : IAsyncLifetime
{
    private const string Schedule = "schedule <#C123|general> mon 09:00 Europe/Berlin";

    private readonly ReplayLog _log = new();

    // Lets a held platform call go on; set on dispose too, so a failing test cannot leave the host waiting.
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SlackWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await SlackWorld.StartAsync();
        _host = await _world.StartHostAsync(settings: ReplayLog.Settings, configure: _log.AddTo);
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task The_same_signed_schedule_sent_ten_times_schedules_once_and_every_copy_gets_the_first_answer()
    {
        var signed = _world.SignNudge(Schedule);

        var answers = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await SlackWorld.SendAsync(_host, signed));
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var body = Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal("n1", E2E.ScheduledId(Answer(body).Text));
        Assert.Equal(9, _log.Count);
        Assert.Equal(1, _world.Fake.CountCalls("/api/conversations.info"));
        Assert.Contains("1 nudge schedule:", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);

        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday);
        Assert.Single(_world.PostMessageCalls());
    }

    [Fact]
    public async Task Copies_arriving_while_the_first_is_still_running_wait_for_it_and_share_its_answer()
    {
        // The first copy stops in its channel check until released.
        _world.Fake.Hold = (request, ct) => request.Path == "/api/conversations.info" ? _release.Task.WaitAsync(ct) : Task.CompletedTask;
        var signed = _world.SignNudge(Schedule);

        var first = SlackWorld.SendAsync(_host, signed);
        await _world.Fake.WaitForAsync(r => r.Path == "/api/conversations.info", E2E.Ct);
        var copies = Enumerable.Range(0, 9).Select(_ => SlackWorld.SendAsync(_host, signed)).ToList();
        await _log.WaitForAsync(9);

        Assert.False(first.IsCompleted);
        Assert.All(copies, copy => Assert.False(copy.IsCompleted));
        _release.SetResult();
        var answers = await Task.WhenAll(copies.Prepend(first));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var body = Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal("n1", E2E.ScheduledId(Answer(body).Text));
        Assert.Equal(1, _world.Fake.CountCalls("/api/conversations.info"));
        Assert.Contains("1 nudge schedule:", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_signed_by_a_clock_ahead_of_ours_is_still_recognised_until_its_signature_expires()
    {
        // Signed 4 minutes ahead, the request is accepted for 9 minutes after it first arrives: the first answer has
        // to outlive every later request's sweep of the memory for that long.
        var now = _world.SignNudge(Schedule);
        var timestamp = _world.Clock.GetUtcNow().AddMinutes(4).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = new SignedSlackRequest(now.Body, timestamp, SlackSignatureVerifier.Sign(SlackWorld.Secret, timestamp, Encoding.UTF8.GetBytes(now.Body)));
        var first = await SlackWorld.SendAsync(_host, signed);

        _world.Clock.JumpTo(_world.Clock.GetUtcNow().AddMinutes(8));
        Assert.Contains("1 nudge schedule:", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
        var copy = await SlackWorld.SendAsync(_host, signed);

        Assert.Equal("n1", E2E.ScheduledId(Answer(first.Body).Text));
        Assert.Equal(first, copy);
        Assert.Equal(1, _log.Count);
    }

    [Fact]
    public async Task The_same_command_typed_twice_is_two_requests_and_schedules_twice()
    {
        // Copies are recognised by Slack's trigger_id, not by what they say: a member may mean it twice.
        var first = await SlackWorld.SendAsync(_host, _world.SignNudge(Schedule));
        var second = await SlackWorld.SendAsync(_host, _world.SignNudge(Schedule));

        Assert.Equal("n1", E2E.ScheduledId(Answer(first.Body).Text));
        Assert.Equal("n2", E2E.ScheduledId(Answer(second.Body).Text));
        Assert.Equal(0, _log.Count);
    }

    private static SlackAnswer Answer(string body) => new(JsonDocument.Parse(body).RootElement.Clone());
}
