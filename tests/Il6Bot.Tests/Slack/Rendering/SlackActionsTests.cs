using System.Text;
using System.Text.Json;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;
using Il6Bot.Slack.Rendering;
using Il6Bot.Tests.Features.Il6;

namespace Il6Bot.Tests.Slack.Rendering;

/// <summary>Reply buttons as one Block Kit actions block, within Slack's limits.</summary>
public sealed class SlackActionsTests
{
    private static ReplyButton Topic(string label, string id) => new(label, new ButtonAction(ButtonKind.Topic, id));

    [Fact]
    public void Buttons_render_as_one_actions_block_after_the_text_golden()
    {
        var reply = Reply.EphemeralText("Pick one.") with
        {
            Buttons = [Topic("What is IL-6?", "what"), new ReplyButton("Share in channel", new ButtonAction(ButtonKind.Share, "what"))],
        };

        var json = Encoding.UTF8.GetString(SlackReplyRenderer.ToCommandResponseJson(reply));

        Assert.Equal(
            """{"response_type":"ephemeral","text":"Pick one.","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"Pick one."}},"""
            + """{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"What is IL-6?"},"action_id":"il6:1:t:what","value":"il6:1:t:what"},"""
            + """{"type":"button","text":{"type":"plain_text","text":"Share in channel"},"action_id":"il6:1:s:what","value":"il6:1:s:what"}]}]}""",
            json);
    }

    [Fact]
    public void A_reply_without_buttons_has_no_actions_block()
    {
        var message = SlackReplyRenderer.Render(Reply.PublicText("Plain."));

        Assert.DoesNotContain(message.Blocks, b => b is SlackActionsBlock);
    }

    [Fact]
    public void The_same_button_twice_is_rendered_once_so_action_ids_stay_unique()
    {
        var reply = Reply.PublicText("x") with { Buttons = [Topic("How", "how"), Topic("How again", "how"), Topic("What", "what")] };

        var actions = Assert.IsType<SlackActionsBlock>(SlackReplyRenderer.Render(reply).Blocks[^1]);

        Assert.Equal(["il6:1:t:how", "il6:1:t:what"], actions.Elements.Cast<SlackButtonElement>().Select(b => b.ActionId));
    }

    [Fact]
    public void Twenty_five_buttons_fit_one_block_with_labels_cut_to_the_limit()
    {
        var label = string.Join(' ', Enumerable.Repeat("interleukin", 10));
        var reply = Reply.PublicText("x") with { Buttons = [.. Enumerable.Range(0, Reply.MaxButtons).Select(i => Topic(label, $"t{i}"))] };

        var actions = Assert.IsType<SlackActionsBlock>(SlackReplyRenderer.Render(reply).Blocks[^1]);

        Assert.Equal(SlackActionsBlock.MaxElements, actions.Elements.Count);
        Assert.All(actions.Elements.Cast<SlackButtonElement>(), b =>
        {
            Assert.Equal("plain_text", b.Text.Type);
            Assert.InRange(b.Text.Text.Length, 1, SlackButtonElement.MaxText);
            Assert.EndsWith("…", b.Text.Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void No_reply_can_hold_more_buttons_than_an_actions_block() =>
        Assert.True(Reply.MaxButtons <= SlackActionsBlock.MaxElements && ButtonId.MaxLength <= SlackButtonElement.MaxActionId && ButtonId.MaxLength <= SlackButtonElement.MaxValue);

    [Fact]
    public void The_actions_block_counts_toward_the_fifty_blocks()
    {
        // A title, 48 fields (one section each) and the actions block: exactly 50.
        static Reply WithFields(int count) =>
            new Reply("Title", MarkdownMessageParser.Parse("x"), [.. Enumerable.Range(0, count).Select(i => new ReplyField($"F{i}", MarkdownMessageParser.Parse("y")))], null, false)
            {
                Buttons = [Topic("What", "what")],
            };

        Assert.Equal(SlackMessage.MaxBlocks, SlackReplyRenderer.Render(WithFields(47)).Blocks.Count);
        Assert.Throws<SlackLimitException>(() => SlackReplyRenderer.Render(WithFields(48)));
        Assert.Equal(SlackMessage.MaxBlocks, SlackReplyRenderer.Render(WithFields(48) with { Buttons = [] }).Blocks.Count);
    }

    [Fact]
    public void Every_prepared_section_carries_its_buttons_in_the_prepared_bytes_within_limits()
    {
        var cache = new SlackRenderCache();
        cache.Warm(ArticleFixture.Prepared.Sections);

        foreach (var prepared in ArticleFixture.Prepared.Sections)
        {
            Assert.True(cache.TryGet(prepared.Reply, out var bytes));
            var blocks = JsonDocument.Parse(bytes).RootElement.GetProperty("blocks");
            Assert.InRange(blocks.GetArrayLength(), 2, SlackMessage.MaxBlocks);
            var actions = blocks[blocks.GetArrayLength() - 1];
            Assert.Equal("actions", actions.GetProperty("type").GetString());
            var elements = actions.GetProperty("elements").EnumerateArray().ToList();
            Assert.Equal(prepared.Reply.Buttons.Select(b => b.Id), elements.Select(e => e.GetProperty("action_id").GetString()));
            Assert.InRange(elements.Count, 1, SlackActionsBlock.MaxElements);
            Assert.Equal(elements.Count, elements.Select(e => e.GetProperty("action_id").GetString()).Distinct().Count());
            Assert.All(elements, e =>
            {
                Assert.Equal("button", e.GetProperty("type").GetString());
                Assert.InRange(e.GetProperty("text").GetProperty("text").GetString()!.Length, 1, SlackButtonElement.MaxText);
                Assert.InRange(e.GetProperty("action_id").GetString()!.Length, 1, SlackButtonElement.MaxActionId);
                Assert.Equal(e.GetProperty("action_id").GetString(), e.GetProperty("value").GetString());
            });
        }
    }
}
