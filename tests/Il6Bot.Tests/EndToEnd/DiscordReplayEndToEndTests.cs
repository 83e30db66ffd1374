using System.Globalization;
using System.Net;
using System.Text.Json;
using Il6Bot.Testing.Fakes;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// One signed interaction (one <c>id</c>) sent to <c>POST /discord/interactions</c> again and again through the real
/// host: it is handled once and every copy gets the first answer; a signed timestamp more than 15 minutes from
/// now, either way, is refused outright.
/// </summary>
public sealed class DiscordReplayEndToEndTests : ReplayEndToEndTests<DiscordWorld, FakeDiscordApi>
{
    protected override Task<DiscordWorld> StartWorldAsync() => DiscordWorld.StartAsync();

    private byte[] ScheduleInteraction() =>
        World.NudgeBody(DiscordWorld.Guild, "schedule", DiscordWorld.ManageGuild, ("channel", DiscordWorld.Channel), ("day", "mon"), ("time", "09:00"), ("timezone", "Europe/Berlin"));

    private List<DiscordRecordedRequest> ChannelChecks() =>
        World.Fake.Requests.Where(r => r.Method == "GET" && r.Path == $"/channels/{DiscordWorld.Channel}").ToList();

    [Fact]
    public async Task One_interaction_sent_ten_times_schedules_once_and_every_copy_gets_the_first_answer()
    {
        var body = ScheduleInteraction();
        var timestamp = World.Signer.Timestamp();

        var answers = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await World.SendAsync(Host, body, timestamp));
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var answerBody = Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal("n1", E2E.ScheduledId(Answer(answerBody).Text));
        Assert.Equal(9, Log.Count);
        Assert.Single(ChannelChecks());
        Assert.Contains("1 nudge schedule:", (await World.NudgeAsync(Host, "list")).Text, StringComparison.Ordinal);

        await World.TickAtAsync(Host, DiscordWorld.FirstMonday);
        Assert.Single(World.MessagePosts());
    }

    [Fact]
    public async Task Copies_arriving_while_the_first_is_still_running_wait_for_it_and_share_its_answer()
    {
        World.Fake.Hold = (request, ct) => request.Method == "GET" && request.Path == $"/channels/{DiscordWorld.Channel}"
            ? Release.Task.WaitAsync(ct)
            : Task.CompletedTask;
        var body = ScheduleInteraction();
        var timestamp = World.Signer.Timestamp();

        var first = World.SendAsync(Host, body, timestamp);
        await World.Fake.WaitForAsync(r => r.Path == $"/channels/{DiscordWorld.Channel}", E2E.Ct);
        var copies = Enumerable.Range(0, 9).Select(_ => World.SendAsync(Host, body, timestamp)).ToList();
        await Log.WaitForAsync(9);

        Assert.False(first.IsCompleted);
        Assert.All(copies, copy => Assert.False(copy.IsCompleted));
        Release.SetResult();
        var answers = await Task.WhenAll(copies.Prepend(first));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var answerBody = Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal("n1", E2E.ScheduledId(Answer(answerBody).Text));
        Assert.Single(ChannelChecks());
        Assert.Contains("1 nudge schedule:", (await World.NudgeAsync(Host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_of_a_deferred_interaction_gets_the_deferral_and_the_answer_is_not_sent_again()
    {
        // The channel check outlasts the deferral time, so the first copy is answered "thinking…" (type 5) and
        // completed later by editing the original response.
        World.Fake.Hold = (request, ct) => request.Method == "GET" && request.Path == $"/channels/{DiscordWorld.Channel}"
            ? Release.Task.WaitAsync(ct)
            : Task.CompletedTask;
        var body = ScheduleInteraction();
        var timestamp = World.Signer.Timestamp();
        var deferralTimer = World.Clock.NextTimerAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), E2E.Ct);

        var first = World.SendAsync(Host, body, timestamp);
        await deferralTimer;
        World.Clock.Advance(TimeSpan.FromSeconds(2));
        var deferred = await first;
        Release.SetResult();
        var edit = await World.Fake.WaitForAsync(r => r.Method == "PATCH" && r.Path.EndsWith("/messages/@original", StringComparison.Ordinal), E2E.Ct);

        var copies = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 5; i++)
        {
            copies.Add(await World.SendAsync(Host, body, timestamp));
        }

        Assert.Equal(5, Answer(deferred.Body).Type);
        Assert.All(copies, copy => Assert.Equal((deferred.Status, deferred.Body), copy));
        Assert.Contains("Scheduled n1", edit.Body, StringComparison.Ordinal);
        Assert.Single(World.Fake.Requests, r => r.Method == "PATCH");
        Assert.Single(ChannelChecks());
        Assert.Contains("1 nudge schedule:", (await World.NudgeAsync(Host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_signed_by_a_clock_ahead_of_ours_is_still_recognised_until_its_signature_expires()
    {
        // Signed 14 minutes ahead, the request is accepted for 29 minutes after it first arrives: the first answer has
        // to outlive every later request's sweep of the memory for that long.
        var body = ScheduleInteraction();
        var timestamp = World.Clock.GetUtcNow().AddMinutes(14).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var first = await World.SendAsync(Host, body, timestamp);

        World.Clock.JumpTo(World.Clock.GetUtcNow().AddMinutes(28));
        Assert.Contains("1 nudge schedule:", (await World.NudgeAsync(Host, "list")).Text, StringComparison.Ordinal);
        var copy = await World.SendAsync(Host, body, timestamp);

        Assert.Equal("n1", E2E.ScheduledId(Answer(first.Body).Text));
        Assert.Equal(first, copy);
        Assert.Equal(1, Log.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("yesterday")]
    [InlineData("-365d")]
    [InlineData("-16m")]
    [InlineData("+16m")]
    public async Task A_signed_timestamp_more_than_15_minutes_from_now_is_401_and_changes_nothing(string when)
    {
        var now = World.Clock.GetUtcNow();
        var timestamp = when switch
        {
            "-365d" => now.AddDays(-365).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "-16m" => now.AddMinutes(-16).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "+16m" => now.AddMinutes(16).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            _ => when,
        };

        var (status, answer) = await World.SendAsync(Host, ScheduleInteraction(), timestamp);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("X-Signature-Timestamp", answer, StringComparison.Ordinal);
        Assert.Empty(ChannelChecks());
        Assert.Contains("No nudges are scheduled here", (await World.NudgeAsync(Host, "list")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-14)]
    [InlineData(14)]
    public async Task A_signed_timestamp_within_15_minutes_either_way_is_answered(int minutes)
    {
        var timestamp = World.Clock.GetUtcNow().AddMinutes(minutes).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var (status, answer) = await World.SendAsync(Host, ScheduleInteraction(), timestamp);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("n1", E2E.ScheduledId(Answer(answer).Text));
    }

    private static DiscordAnswer Answer(string body) => new(JsonDocument.Parse(body).RootElement.Clone());
}
