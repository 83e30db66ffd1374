using System.Text;
using System.Text.Json;
using Il6Bot.Slack.Interactions;
using Il6Bot.Tests.EndToEnd;

namespace Il6Bot.Tests.Slack.Interactions;

public sealed class SlackBlockActionsTests
{
    private static SlackBlockActions? Parse(string form, out string? error) => SlackBlockActions.ParseForm(Encoding.UTF8.GetBytes(form), out error);

    [Fact]
    public void A_click_reads_the_action_id_team_channel_user_container_and_ids()
    {
        var form = SlackClicks.Form(SlackClicks.Payload("il6:1:t:how", "https://hooks.slack.com/actions/T1/1/x", "trig-7", onEphemeral: true, user: "U42"));

        var click = Parse(form, out var error);

        Assert.Null(error);
        Assert.Equal(
            new SlackBlockActions(SlackWorld.Team, SlackWorld.Channel, "U42", "il6:1:t:how", true, "https://hooks.slack.com/actions/T1/1/x", "trig-7", "1700000001.000200"),
            click);
        Assert.Equal("trig-7", click!.ReplayKey);
    }

    [Fact]
    public void Without_a_trigger_id_the_user_and_action_timestamp_recognise_a_copy()
    {
        var payload = SlackClicks.Payload("il6:1:t:how", "https://hooks.slack.com/x", "t", onEphemeral: false, user: "U42");
        payload.Remove("trigger_id");
        payload.Remove("channel");
        payload.Remove("team");

        var click = SlackBlockActions.FromPayload(JsonDocument.Parse(payload.ToJsonString()).RootElement, out var error);

        Assert.Null(error);
        Assert.Equal("U42:1700000001.000200", click!.ReplayKey);
        Assert.False(click.IsEphemeral);
        Assert.Equal(SlackWorld.Channel, click.ChannelId);
        Assert.Equal(SlackWorld.Team, click.TeamId);
    }

    [Theory]
    [InlineData("payload=%7B")]
    [InlineData("payload=")]
    [InlineData("other=1")]
    [InlineData("payload=%22text%22")]
    [InlineData("payload=%7B%7D")]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%2C%22team%22%3A%7B%22id%22%3A%22T1%22%7D%2C%22actions%22%3A%5B%5D%7D")]
    public void A_malformed_body_is_refused_saying_why(string form)
    {
        Assert.Null(Parse(form, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Another_interaction_type_is_nothing_to_do_but_not_an_error()
    {
        Assert.Null(Parse("payload=" + Uri.EscapeDataString("""{"type":"view_submission","user":{"id":"U1"}}"""), out var error));
        Assert.Null(error);
    }
}
