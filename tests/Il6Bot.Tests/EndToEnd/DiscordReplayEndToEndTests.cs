using System.Globalization;
using System.Net;
using System.Text.Json;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// One signed interaction (one <c>id</c>) sent to <c>POST /discord/interactions</c> again and again through the real
/// host: it is handled once and every copy gets the first answer; a signed timestamp more than 15 minutes from
/// now, either way, is refused outright.
/// </summary>
public sealed class DiscordReplayEndToEndTests : IAsyncLifetime
{
    private readonly ReplayLog _log = new();

    // Lets a held platform call go on; set on dispose too, so a failing test cannot leave the host waiting.
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DiscordWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await DiscordWorld.StartAsync();
        _host = await _world.StartHostAsync(settings: ReplayLog.Settings, configure: _log.AddTo);
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _world.DisposeAsync();
    }

    private byte[] ScheduleInteraction() =>
        _world.NudgeBody(DiscordWorld.Guild, "schedule", DiscordWorld.ManageGuild, ("channel", DiscordWorld.Channel), ("day", "mon"), ("time", "09:00"), ("timezone", "Europe/Berlin"));

    private List<DiscordRecordedRequest> ChannelChecks() =>
        _world.Fake.Requests.Where(r => r.Method == "GET" && r.Path == $"/channels/{DiscordWorld.Channel}").ToList();

    [Fact]
    public async Task One_interaction_sent_ten_times_schedules_once_and_every_copy_gets_the_first_answer()
    {
        var body = ScheduleInteraction();
        var timestamp = _world.Signer.Timestamp();

        var answers = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await _world.SendAsync(_host, body, timestamp));
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var answerBody = Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal("n1", E2E.ScheduledId(Answer(answerBody).Text));
        Assert.Equal(9, _log.Count);
        Assert.Single(ChannelChecks());
        Assert.Contains("1 nudge schedule:", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);

        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday);
        Assert.Single(_world.MessagePosts());
    }

    [Fact]
    public async Task Copies_arriving_while_the_first_is_still_running_wait_for_it_and_share_its_answer()
    {
        _world.Fake.Hold = (request, ct) => request.Method == "GET" && request.Path == $"/channels/{DiscordWorld.Channel}"
            ? _release.Task.WaitAsync(ct)
            : Task.CompletedTask;
        var body = ScheduleInteraction();
        var timestamp = _world.Signer.Timestamp();

        var first = _world.SendAsync(_host, body, timestamp);
        await _world.Fake.WaitForAsync(r => r.Path == $"/channels/{DiscordWorld.Channel}", E2E.Ct);
        var copies = Enumerable.Range(0, 9).Select(_ => _world.SendAsync(_host, body, timestamp)).ToList();
        await _log.WaitForAsync(9);

        Assert.False(first.IsCompleted);
        Assert.All(copies, copy => Assert.False(copy.IsCompleted));
        _release.SetResult();
        var answers = await Task.WhenAll(copies.Prepend(first));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var answerBody = Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal("n1", E2E.ScheduledId(Answer(answerBody).Text));
        Assert.Single(ChannelChecks());
        Assert.Contains("1 nudge schedule:", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_of_a_deferred_interaction_gets_the_deferral_and_the_answer_is_not_sent_again()
    {
        // The channel check outlasts the deferral time, so the first copy is answered "thinking…" (type 5) and
        // completed later by editing the original response.
        _world.Fake.Hold = (request, ct) => request.Method == "GET" && request.Path == $"/channels/{DiscordWorld.Channel}"
            ? _release.Task.WaitAsync(ct)
            : Task.CompletedTask;
        var body = ScheduleInteraction();
        var timestamp = _world.Signer.Timestamp();
        var deferralTimer = _world.Clock.NextTimerAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), E2E.Ct);

        var first = _world.SendAsync(_host, body, timestamp);
        await deferralTimer;
        _world.Clock.Advance(TimeSpan.FromSeconds(2));
        var deferred = await first;
        _release.SetResult();
        var edit = await _world.Fake.WaitForAsync(r => r.Method == "PATCH" && r.Path.EndsWith("/messages/@original", StringComparison.Ordinal), E2E.Ct);

        var copies = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 5; i++)
        {
            copies.Add(await _world.SendAsync(_host, body, timestamp));
        }

        Assert.Equal(5, Answer(deferred.Body).Type);
        Assert.All(copies, copy => Assert.Equal((deferred.Status, deferred.Body), copy));
        Assert.Contains("Scheduled n1", edit.Body, StringComparison.Ordinal);
        Assert.Single(_world.Fake.Requests, r => r.Method == "PATCH");
        Assert.Single(ChannelChecks());
        Assert.Contains("1 nudge schedule:", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_signed_by_a_clock_ahead_of_ours_is_still_recognised_until_its_signature_expires()
    {
        // Signed 14 minutes ahead, the request is accepted for 29 minutes after it first arrives: the first answer has
        // to outlive every later request's sweep of the memory for that long.
        var body = ScheduleInteraction();
        var timestamp = _world.Clock.GetUtcNow().AddMinutes(14).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var first = await _world.SendAsync(_host, body, timestamp);

        _world.Clock.JumpTo(_world.Clock.GetUtcNow().AddMinutes(28));
        Assert.Contains("1 nudge schedule:", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
        var copy = await _world.SendAsync(_host, body, timestamp);

        Assert.Equal("n1", E2E.ScheduledId(Answer(first.Body).Text));
        Assert.Equal(first, copy);
        Assert.Equal(1, _log.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("yesterday")]
    [InlineData("-365d")]
    [InlineData("-16m")]
    [InlineData("+16m")]
    public async Task A_signed_timestamp_more_than_15_minutes_from_now_is_401_and_changes_nothing(string when)
    {
        var now = _world.Clock.GetUtcNow();
        var timestamp = when switch
        {
            "-365d" => now.AddDays(-365).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "-16m" => now.AddMinutes(-16).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "+16m" => now.AddMinutes(16).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            _ => when,
        };

        var (status, answer) = await _world.SendAsync(_host, ScheduleInteraction(), timestamp);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("X-Signature-Timestamp", answer, StringComparison.Ordinal);
        Assert.Empty(ChannelChecks());
        Assert.Contains("No nudges are scheduled here", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-14)]
    [InlineData(14)]
    public async Task A_signed_timestamp_within_15_minutes_either_way_is_answered(int minutes)
    {
        var timestamp = _world.Clock.GetUtcNow().AddMinutes(minutes).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var (status, answer) = await _world.SendAsync(_host, ScheduleInteraction(), timestamp);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("n1", E2E.ScheduledId(Answer(answer).Text));
    }

    private static DiscordAnswer Answer(string body) => new(JsonDocument.Parse(body).RootElement.Clone());
}
