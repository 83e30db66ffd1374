using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Il6Bot.Commands;
using Il6Bot.Messages.Buttons;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// Slack buttons through the real host: answers carry an actions block, a signed click on
/// <c>POST /slack/interactions</c> is acknowledged with an empty 200 and answered at its <c>response_url</c> on the
/// fake Slack.
/// </summary>
public sealed class SlackButtonEndToEndTests : IAsyncLifetime
{
    private SlackWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await SlackWorld.StartAsync();
        _host = await _world.StartHostAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_related_topic_under_il6_benefits_answers_that_section_privately_through_response_url()
    {
        var benefits = await SlackClicks.Il6Async(_world, _host, "benefits");
        var topic = SlackClicks.Buttons(benefits)[0];
        Assert.StartsWith("il6:1:t:", topic.ActionId, StringComparison.Ordinal);
        Assert.Equal(topic.ActionId, topic.Value);

        var answer = await ClickAsync(topic.ActionId, "r1", onEphemeral: false);

        Assert.Equal("ephemeral", answer["response_type"]?.GetValue<string>());
        Assert.False(answer["replace_original"]?.GetValue<bool>());
        Assert.Equal(topic.Label, SlackClicks.Header(answer));
        var id = topic.ActionId["il6:1:t:".Length..];
        Assert.Contains(SlackClicks.Buttons(answer), b => b.ActionId == "il6:1:s:" + id && b.Label == "Share in channel");
    }

    [Fact]
    public async Task The_insights_reset_button_answers_in_Slacks_words()
    {
        var reset = ButtonId.Encode(new ButtonAction(ButtonKind.ResetInsights, ""));

        var answer = await ClickAsync(reset, "r-reset", onEphemeral: true, user: SlackWorld.Moderator);

        Assert.StartsWith("Cleared this workspace's insights", answer["text"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_topic_clicked_inside_a_private_answer_replaces_it()
    {
        var answer = await ClickAsync("il6:1:t:how", "r1", onEphemeral: true);

        Assert.True(answer["replace_original"]?.GetValue<bool>());
        Assert.Equal("ephemeral", answer["response_type"]?.GetValue<string>());
        Assert.Equal("How Can You Reap the Rewards of Interleukin-6?", SlackClicks.Header(answer));
    }

    [Fact]
    public async Task Share_under_a_search_hit_posts_the_section_once_in_the_channel_attributed()
    {
        var hit = await SlackClicks.Il6Async(_world, _host, "muscel growth");
        Assert.True(hit.Ephemeral, hit.ToString());
        var share = Assert.Single(SlackClicks.Buttons(hit), b => b.ActionId.StartsWith("il6:1:s:", StringComparison.Ordinal));

        var shared = await ClickAsync(share.ActionId, "share", onEphemeral: true, user: "USHARER");
        await DrainAsync(_host);

        Assert.Single(_world.Fake.Requests, r => r.Path == "/response/share");
        Assert.Equal("in_channel", shared["response_type"]?.GetValue<string>());
        Assert.False(shared["replace_original"]?.GetValue<bool>());
        Assert.Contains("Shared by <@USHARER>", Text(shared), StringComparison.Ordinal);
        Assert.Equal(SlackClicks.Header(JsonNode.Parse(hit.Json.GetRawText())), SlackClicks.Header(shared));
    }

    [Fact]
    public async Task Share_is_not_posted_again_when_its_response_url_answers_503()
    {
        var hit = await SlackClicks.Il6Async(_world, _host, "muscel growth");
        var share = Assert.Single(SlackClicks.Buttons(hit), b => b.ActionId.StartsWith("il6:1:s:", StringComparison.Ordinal));
        _world.Fake.FailResponseUrl("share", 503);

        await ClickAsync(share.ActionId, "share", onEphemeral: true, user: "USHARER");

        // A 503 does not say the message was not shown in the channel; sending it again could share it twice and uses
        // up one of the response_url's five uses. Time moves on, as for any retry delay, until the answer is settled.
        var drained = DrainAsync(_host);
        var waited = Stopwatch.StartNew();
        while (!drained.IsCompleted && waited.Elapsed < E2E.Timeout)
        {
            _world.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(drained, Task.Delay(50, E2E.Ct));
        }

        await drained;
        Assert.Single(_world.Fake.Requests, r => r.Path == "/response/share");
    }

    [Fact]
    public async Task A_sent_nudge_has_Read_more_which_answers_the_clicker_privately_with_its_section()
    {
        await _world.NudgeAsync(_host, "send <#C123|general>");
        var readMore = Assert.Single(SlackClicks.Buttons(Assert.Single(_world.Fake.Posted).Json));
        Assert.StartsWith("il6:1:n:", readMore.ActionId, StringComparison.Ordinal);

        var answer = await ClickAsync(readMore.ActionId, "nudge", onEphemeral: false);

        Assert.Equal("ephemeral", answer["response_type"]?.GetValue<string>());
        Assert.False(answer["replace_original"]?.GetValue<bool>());
        var topic = readMore.ActionId["il6:1:n:".Length..].Split(NudgeReadMoreTarget.Separator)[0];
        Assert.Contains(SlackClicks.Buttons(answer), b => b.ActionId == "il6:1:s:" + topic);
        Assert.Single(_world.Fake.Posted);
    }

    [Fact]
    public async Task A_nudge_posted_before_a_restart_still_answers_its_Read_more_after_it()
    {
        await _world.NudgeAsync(_host, "send <#C123|general>");
        var readMore = Assert.Single(SlackClicks.Buttons(Assert.Single(_world.Fake.Posted).Json));
        await _world.StopAsync(_host);

        // A new process with an empty memory and its own store: the button carries all it needs.
        _host = await _world.StartHostAsync();
        var answer = await ClickAsync(readMore.ActionId, "after-restart", onEphemeral: false);

        Assert.Equal("ephemeral", answer["response_type"]?.GetValue<string>());
        Assert.NotNull(SlackClicks.Header(answer));
    }

    [Fact]
    public async Task A_replayed_click_is_acknowledged_each_time_and_answered_once()
    {
        var signed = SlackClicks.Sign(SlackClicks.Form(SlackClicks.Payload("il6:1:t:what", _world.Fake.ResponseUrl("replayed"), "trig-replayed", onEphemeral: false)), _world.Clock);

        var answers = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await SlackClicks.SendAsync(_host, signed));
        }

        await DrainAsync(_host);

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, string.Empty), a));
        Assert.Single(_world.Fake.Requests, r => r.Path == "/response/replayed");
    }

    [Fact]
    public async Task A_button_that_is_not_ours_gets_a_helpful_private_reply()
    {
        var answer = await ClickAsync("someone-elses-button", "foreign", onEphemeral: false);

        Assert.Equal("ephemeral", answer["response_type"]?.GetValue<string>());
        Assert.Contains("isn't one of mine", Text(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_signature_or_an_old_timestamp_is_401_and_nothing_is_answered()
    {
        var body = SlackClicks.Form(SlackClicks.Payload("il6:1:t:what", _world.Fake.ResponseUrl("forged"), "trig-forged", onEphemeral: false));
        var good = SlackClicks.Sign(body, _world.Clock);
        var stale = SlackClicks.Sign(body, new SignallingTimeProvider(_world.Clock.GetUtcNow().AddMinutes(-6)));

        var forged = await SlackClicks.SendAsync(_host, good with { Signature = "v0=" + new string('0', 64) });
        var old = await SlackClicks.SendAsync(_host, stale);
        var tampered = await SlackClicks.SendAsync(_host, good with { Body = body.Replace("what", "how", StringComparison.Ordinal) });
        await DrainAsync(_host);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, old.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.Status);
        Assert.DoesNotContain(_world.Fake.Requests, r => r.Path == "/response/forged");
    }

    [Theory]
    [InlineData("payload=not-json")]
    [InlineData("token=x&trigger_id=1")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%7D")]
    [InlineData("payload=%5B1%2C2%5D")]
    public async Task A_malformed_payload_is_400(string body)
    {
        var (status, _) = await SlackClicks.SendAsync(_host, SlackClicks.Sign(body, _world.Clock));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Another_kind_of_interaction_is_acknowledged_and_ignored()
    {
        var body = "payload=" + Uri.EscapeDataString("""{"type":"shortcut","callback_id":"x","trigger_id":"t","user":{"id":"U1"},"team":{"id":"T1"}}""");

        var (status, answer) = await SlackClicks.SendAsync(_host, SlackClicks.Sign(body, _world.Clock));

        Assert.Equal((HttpStatusCode.OK, string.Empty), (status, answer));
    }

    /// <summary>Clicks <paramref name="actionId"/> and returns what the bot POSTed to the click's response_url.</summary>
    private async Task<JsonNode> ClickAsync(string actionId, string responseId, bool onEphemeral, string user = "UMEMBER1")
    {
        var payload = SlackClicks.Payload(actionId, _world.Fake.ResponseUrl(responseId), _world.NextTriggerId(), onEphemeral, user);
        var (status, body) = await SlackClicks.SendAsync(_host, SlackClicks.Sign(SlackClicks.Form(payload), _world.Clock));
        Assert.Equal((HttpStatusCode.OK, string.Empty), (status, body));

        var posted = await _world.Fake.WaitForAsync(r => r.Path == "/response/" + responseId, E2E.Ct).WaitAsync(E2E.Timeout, E2E.Ct);
        Assert.StartsWith("application/json", posted.ContentType, StringComparison.Ordinal);
        return posted.Json;
    }

    private static string Text(JsonNode message) => JsonStrings.Of(JsonDocument.Parse(message.ToJsonString()).RootElement);

    /// <summary>Waits until every click answer in flight has been delivered, so what was not posted never will be.</summary>
    private static Task DrainAsync(BotHost host) =>
        host.Services.GetRequiredKeyedService<DeadlineResponder>(Platform.Slack).DrainAsync(E2E.Ct);
}
