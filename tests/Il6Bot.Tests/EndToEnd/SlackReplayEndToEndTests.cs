using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Il6Bot.Slack.Http;
using Il6Bot.Testing.Fakes;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// The same signed <c>POST /slack/commands</c> bytes sent again (a replay inside Slack's 5-minute window) through
/// the real host: the command is handled once per trigger_id, and every copy gets the first answer. A read-only
/// command is answered again instead, with the same bytes, and counted once.
/// </summary>
public sealed class SlackReplayEndToEndTests : ReplayEndToEndTests<SlackWorld, FakeSlackApi>
{
    private const string Schedule = "schedule <#C123|general> mon 09:00 Europe/Berlin";

    protected override Task<SlackWorld> StartWorldAsync() => SlackWorld.StartAsync();

    [Fact]
    public async Task The_same_signed_schedule_sent_ten_times_schedules_once_and_every_copy_gets_the_first_answer()
    {
        var signed = World.SignNudge(Schedule);

        var answers = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await SlackWorld.SendAsync(Host, signed));
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var body = Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal("n1", E2E.ScheduledId(Answer(body).Text));
        Assert.Equal(9, Log.Count);
        Assert.Equal(1, World.Fake.CountCalls("/api/conversations.info"));
        Assert.Contains("1 nudge schedule:", (await World.NudgeAsync(Host, "list")).Text, StringComparison.Ordinal);

        await World.TickAtAsync(Host, DiscordWorld.FirstMonday);
        Assert.Single(World.PostMessageCalls());
    }

    [Fact]
    public async Task Copies_arriving_while_the_first_is_still_running_wait_for_it_and_share_its_answer()
    {
        // The first copy stops in its channel check until released.
        World.Fake.Hold = (request, ct) => request.Path == "/api/conversations.info" ? Release.Task.WaitAsync(ct) : Task.CompletedTask;
        var signed = World.SignNudge(Schedule);

        var first = SlackWorld.SendAsync(Host, signed);
        await World.Fake.WaitForAsync(r => r.Path == "/api/conversations.info", E2E.Ct);
        var copies = Enumerable.Range(0, 9).Select(_ => SlackWorld.SendAsync(Host, signed)).ToList();
        await Log.WaitForAsync(9);

        Assert.False(first.IsCompleted);
        Assert.All(copies, copy => Assert.False(copy.IsCompleted));
        Release.SetResult();
        var answers = await Task.WhenAll(copies.Prepend(first));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var body = Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal("n1", E2E.ScheduledId(Answer(body).Text));
        Assert.Equal(1, World.Fake.CountCalls("/api/conversations.info"));
        Assert.Contains("1 nudge schedule:", (await World.NudgeAsync(Host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_signed_by_a_clock_ahead_of_ours_is_still_recognised_until_its_signature_expires()
    {
        // Signed 4 minutes ahead, the request is accepted for 9 minutes after it first arrives: the first answer has
        // to outlive every later request's sweep of the memory for that long.
        var now = World.SignNudge(Schedule);
        var timestamp = World.Clock.GetUtcNow().AddMinutes(4).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = new SignedSlackRequest(now.Body, timestamp, SlackSignatureVerifier.Sign(SlackWorld.Secret, timestamp, Encoding.UTF8.GetBytes(now.Body)));
        var first = await SlackWorld.SendAsync(Host, signed);

        World.Clock.JumpTo(World.Clock.GetUtcNow().AddMinutes(8));
        Assert.Contains("1 nudge schedule:", (await World.NudgeAsync(Host, "list")).Text, StringComparison.Ordinal);
        var copy = await SlackWorld.SendAsync(Host, signed);

        Assert.Equal("n1", E2E.ScheduledId(Answer(first.Body).Text));
        Assert.Equal(first, copy);
        Assert.Equal(1, Log.Count);
    }

    [Fact]
    public async Task The_same_command_typed_twice_is_two_requests_and_schedules_twice()
    {
        // Copies are recognised by Slack's trigger_id, not by what they say: a member may mean it twice.
        var first = await SlackWorld.SendAsync(Host, World.SignNudge(Schedule));
        var second = await SlackWorld.SendAsync(Host, World.SignNudge(Schedule));

        Assert.Equal("n1", E2E.ScheduledId(Answer(first.Body).Text));
        Assert.Equal("n2", E2E.ScheduledId(Answer(second.Body).Text));
        Assert.Equal(0, Log.Count);
    }

    [Fact]
    public async Task A_read_only_il6_sent_again_is_answered_again_with_the_same_bytes_and_counted_once_in_insights()
    {
        var section = World.SignCommand("/il6", "benefits");
        var search = World.SignCommand("/il6", "xylophone quasar");

        var first = await SlackWorld.SendAsync(Host, section);
        var copy = await SlackWorld.SendAsync(Host, section);
        var firstSearch = await SlackWorld.SendAsync(Host, search);
        var copiedSearch = await SlackWorld.SendAsync(Host, search);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first, copy);
        Assert.Equal(firstSearch, copiedSearch);
        var insights = Answer((await SlackWorld.SendAsync(Host, World.SignCommand("/insights", ""))).Body).Text;
        Assert.True(insights.Contains("Top topics: benefits 1 (1 command)", StringComparison.Ordinal), insights);
        Assert.True(insights.Contains("“xylophone quasar” ×1", StringComparison.Ordinal), insights);
        Assert.Equal(2, Log.Count);
    }

    private static SlackAnswer Answer(string body) => new(JsonDocument.Parse(body).RootElement.Clone());
}
