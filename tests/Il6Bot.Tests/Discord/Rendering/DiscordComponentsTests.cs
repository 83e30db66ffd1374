using System.Text.Json;
using Il6Bot.Discord;
using Il6Bot.Discord.Rendering;
using Il6Bot.Features.Il6;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;
using Il6Bot.Tests.Features.Il6;

namespace Il6Bot.Tests.Discord.Rendering;

/// <summary>Reply buttons as Discord message components, checked against the shapes of Discord's OpenAPI spec
/// (discord/discord-api-spec, specs/openapi.json: ActionRowComponentForMessageRequest, ButtonComponentForMessageRequest).</summary>
public sealed class DiscordComponentsTests
{
    private static ReplyButton Topic(string id, string label) => new(label, new ButtonAction(ButtonKind.Topic, id));

    [Fact]
    public void Buttons_render_as_one_action_row_of_secondary_buttons_with_share_primary_golden()
    {
        var reply = Reply.EphemeralText("Body.") with
        {
            Buttons = [Topic("how", "How to raise it"), new ReplyButton("Share in channel", new ButtonAction(ButtonKind.Share, "benefits"))],
        };

        var message = Assert.Single(DiscordReplyRenderer.Render(reply));
        var json = JsonSerializer.Serialize(message.Components!, DiscordJsonContext.Default.IReadOnlyListDiscordActionRow);

        Assert.Equal(
            """[{"type":1,"components":[{"type":2,"style":2,"label":"How to raise it","custom_id":"il6:1:t:how"},{"type":2,"style":1,"label":"Share in channel","custom_id":"il6:1:s:benefits"}]}]""",
            json);
    }

    [Fact]
    public void A_reply_without_buttons_sends_no_components_field()
    {
        var message = Assert.Single(DiscordReplyRenderer.Render(Reply.PublicText("Hi.")));
        var json = JsonSerializer.Serialize(message, DiscordJsonContext.Default.DiscordMessagePayload);

        Assert.DoesNotContain("components", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Twenty_five_buttons_fill_five_rows_of_five_and_a_repeated_id_is_dropped()
    {
        var buttons = Enumerable.Range(1, 24).Select(i => Topic("t" + i, "Topic " + i)).Append(Topic("t1", "Again")).ToList();
        var reply = Reply.PublicText("Body.") with { Buttons = buttons };

        var rows = Assert.Single(DiscordReplyRenderer.Render(reply)).Components!;

        Assert.Equal([5, 5, 5, 5, 4], rows.Select(r => r.Components.Count));
        Assert.DoesNotContain(rows.SelectMany(r => r.Components), b => b.Label == "Again");
        AssertComponentsWithinLimits(rows);
    }

    [Fact]
    public void A_reply_split_into_several_messages_carries_its_buttons_on_the_last()
    {
        var body = MarkdownMessageParser.Parse(string.Join("\n\n", Enumerable.Range(1, 400).Select(i => $"Paragraph {i} says something about muscle and IL-6 at some length.")));
        var reply = new Reply("Long", body, [], null, false) { Buttons = [Topic("how", "How")] };

        var messages = DiscordReplyRenderer.Render(reply);

        Assert.True(messages.Count > 1);
        Assert.All(messages.SkipLast(1), m => Assert.Null(m.Components));
        Assert.Equal("il6:1:t:how", Assert.Single(Assert.Single(messages[^1].Components!).Components).CustomId);
    }

    [Fact]
    public void Every_prepared_section_public_and_private_has_components_within_Discord_limits()
    {
        var cache = new DiscordRenderCache();
        var prepared = ArticleFixture.Replies.Prepare(ArticleFixture.Snapshot);
        cache.Warm(prepared);

        foreach (var reply in prepared)
        {
            Assert.True(cache.TryGet(reply.Reply, out var rendered));
            DiscordReplyRendererTests.AssertWithinLimits(rendered.Messages, reply.Reply.Ephemeral);
            var ids = rendered.Messages[^1].Components!.SelectMany(r => r.Components).Select(b => b.CustomId).ToList();
            Assert.Equal(reply.Reply.Buttons.Select(b => b.Id), ids);

            // The prepared bytes are what is sent, so they carry the components too.
            var data = JsonDocument.Parse(rendered.CallbackBody).RootElement.GetProperty("data");
            Assert.Equal(rendered.Messages.Count == 1 ? ids.Count : 0, data.TryGetProperty("components", out var components) ? components.EnumerateArray().Sum(r => r.GetProperty("components").GetArrayLength()) : 0);
            if (reply.Reply.Ephemeral)
            {
                var update = JsonDocument.Parse(rendered.UpdateCallbackBody!).RootElement;
                Assert.Equal(7, update.GetProperty("type").GetInt32());
                Assert.False(update.GetProperty("data").TryGetProperty("flags", out _));
            }
            else
            {
                Assert.Null(rendered.UpdateCallbackBody);
            }
        }

        Assert.Contains(prepared, p => p.Reply.Ephemeral && p.Reply.Buttons.Any(b => b.Label == SectionReplies.ShareLabel));
    }

    /// <summary>Discord's component limits: at most five rows (type 1) of one to five non-link buttons (type 2),
    /// each with a style 1–4, a label of at most 80 and a custom_id of 1–100, unique in the message.</summary>
    internal static void AssertComponentsWithinLimits(IReadOnlyList<DiscordActionRow>? rows)
    {
        if (rows is null)
        {
            return;
        }

        Assert.InRange(rows.Count, 1, DiscordLimits.Message.ActionRows);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            Assert.Equal(DiscordComponents.ActionRowType, row.Type);
            Assert.InRange(row.Components.Count, 1, DiscordLimits.Components.ButtonsPerRow);
            foreach (var button in row.Components)
            {
                Assert.Equal(DiscordComponents.ButtonType, button.Type);
                Assert.InRange(button.Style, 1, 4);
                Assert.InRange(button.Label.Length, 1, DiscordLimits.Components.ButtonLabel);
                Assert.InRange(button.CustomId.Length, 1, DiscordLimits.Components.CustomId);
                Assert.True(ids.Add(button.CustomId), $"custom_id {button.CustomId} repeated");
            }
        }
    }
}
