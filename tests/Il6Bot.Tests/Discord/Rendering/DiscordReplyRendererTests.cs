using CsCheck;
using Il6Bot.Discord;
using Il6Bot.Discord.Rendering;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Discord.Rendering;

public sealed class DiscordReplyRendererTests
{
    private static readonly Gen<string> Word = Gen.Frequency(
        (20, Gen.OneOf<string>("IL-6", "muscle", "strength", "training.", "inflammation", "*star*", "_under_", "[x]", "#tag", "-", "1.", "<@1>", "~~", "`tick`", "well-being!", "é", "💪")),
        (5, Gen.Char["abcdefghijklmnopqrstuvwxyz*_~`|[]<>#-.!? "].Array[1, 40].Select(chars => new string(chars))));

    private static readonly Gen<string> Text = Word.List[1, 80].Select(words => string.Join(' ', words));

    private static readonly Gen<MessageInline> Atom = Gen.OneOf<MessageInline>(
        Text.Select(t => (MessageInline)new TextInline(t)),
        Text.Select(t => (MessageInline)new StrongInline([new TextInline(t)])),
        Text.Select(t => (MessageInline)new EmphasisInline([new TextInline(t), new StrongInline([new TextInline("nested")])])),
        Gen.Select(Alnum(1, 30), Alnum(1, 150), (t, u) => (MessageInline)new LinkInline("https://example.org/" + u, [new TextInline(t)])),
        Alnum(1, 50).Select(c => (MessageInline)new CodeInline(c)),
        Gen.Long[0, 4_000_000_000].Select(s => (MessageInline)new TimestampInline(DateTimeOffset.FromUnixTimeSeconds(s), "then")),
        Gen.ULong.Select(id => (MessageInline)new ChannelInline(id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Gen.Const<MessageInline>(new LineBreakInline()));

    private static readonly Gen<MessageBlock> Paragraph = Atom.List[1, 8].Select(i => (MessageBlock)new ParagraphBlock(i));

    private static readonly Gen<MessageBlock> Block = Gen.Frequency(
        (6, Paragraph),
        (1, Text.Select(t => (MessageBlock)new HeadingBlock(2, [new TextInline(t)]))),
        (2, Gen.Select(Gen.Bool, Paragraph.List[1, 2].List[1, 15], (ordered, items) => (MessageBlock)new ListBlock(ordered, items.Select(i => (IReadOnlyList<MessageBlock>)i).ToList()))),
        (1, Paragraph.List[1, 4].Select(p => (MessageBlock)new QuoteBlock(p))),
        (1, Text.List[1, 30].Select(lines => (MessageBlock)new CodeBlock(string.Join('\n', lines)))));

    private static readonly Gen<MessageDocument> Document = Block.List[0, 15].Select(b => new MessageDocument(b));

    private static readonly Gen<MessageDocument> FieldDocument = Block.List[0, 3].Select(b => new MessageDocument(b));

    private static readonly Gen<Reply> Replies = Gen.Select(
        Alnum(0, 400),
        Document,
        Gen.Select(Alnum(0, 300), FieldDocument).List[0, 30],
        Alnum(0, 2500),
        Gen.Bool,
        (title, body, fields, footer, ephemeral) => new Reply(
            title.Length == 0 ? null : title,
            body,
            fields.Select(f => new ReplyField(f.Item1, f.Item2)).ToList(),
            footer.Length == 0 ? null : footer,
            ephemeral));

    private static Gen<string> Alnum(int min, int max) => Gen.Char.AlphaNumeric.Array[min, max].Select(chars => new string(chars));

    [Fact]
    public void Any_reply_renders_within_every_Discord_limit() =>
        Replies.Sample(reply =>
        {
            var messages = DiscordReplyRenderer.Render(reply, out var degraded);

            // Generated words and links are far shorter than any limit, so nothing may be cut.
            Assert.False(degraded);
            AssertWithinLimits(messages, reply.Ephemeral);
        }, iter: 100, threads: 1);

    [Fact]
    public void An_absurdly_long_word_is_cut_but_still_fits()
    {
        var reply = new Reply("T", MarkdownMessageParser.Parse(new string('x', 20_000) + " [link](https://example.org/" + new string('y', 5000) + ")"), [new ReplyField("F", MarkdownMessageParser.Parse(new string('z', 3000)))], "foot", false);

        var messages = DiscordReplyRenderer.Render(reply, out var degraded);

        Assert.True(degraded);
        AssertWithinLimits(messages, ephemeral: false);
    }

    [Fact]
    public void A_long_field_continues_in_fields_named_cont()
    {
        var body = MarkdownMessageParser.Parse(string.Join("\n\n", Enumerable.Range(1, 30).Select(i => $"Paragraph {i} says something about muscle and IL-6.")));
        var reply = new Reply("Benefits", MarkdownMessageParser.Parse("Intro."), [new ReplyField("Muscle", body)], "Other topics: what, how", false);

        var messages = DiscordReplyRenderer.Render(reply);

        var fields = messages.SelectMany(m => m.Embeds!).SelectMany(e => e.Fields ?? []).ToList();
        Assert.Equal("Muscle", fields[0].Name);
        Assert.True(fields.Count > 1);
        Assert.All(fields.Skip(1), f => Assert.Equal("Muscle (cont.)", f.Name));
        Assert.Equal("Benefits", messages[0].Embeds![0].Title);
        Assert.Equal("Other topics: what, how", messages[^1].Embeds![^1].Footer!.Text);
        Assert.Contains("Paragraph 30 says", string.Concat(fields.Select(f => f.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_that_fill_ten_embeds_continue_in_a_second_message()
    {
        // Tiny fields stay far below 6000 characters, so only the ten-embed limit can end the first message.
        var fields = Enumerable.Range(0, (DiscordLimits.Message.Embeds * DiscordLimits.Embed.Fields) + 1)
            .Select(_ => new ReplyField("F", MarkdownMessageParser.Parse("x")))
            .ToList();

        var messages = DiscordReplyRenderer.Render(new Reply(null, MarkdownMessageParser.Parse(string.Empty), fields, null, false));

        Assert.Equal([DiscordLimits.Message.Embeds, 1], messages.Select(m => m.Embeds!.Count));
        AssertWithinLimits(messages, ephemeral: false);
    }

    [Fact]
    public void Ephemeral_replies_carry_flag_64_and_never_ping()
    {
        var messages = DiscordReplyRenderer.Render(Reply.EphemeralText("hi @everyone"));

        Assert.Equal(64, Assert.Single(messages).Flags);
        Assert.Empty(messages[0].AllowedMentions!.Parse);
    }

    internal static void AssertWithinLimits(IReadOnlyList<DiscordMessagePayload> messages, bool ephemeral)
    {
        Assert.NotEmpty(messages);
        Assert.All(messages.SkipLast(1), m => Assert.Null(m.Components));
        DiscordComponentsTests.AssertComponentsWithinLimits(messages[^1].Components);
        foreach (var message in messages)
        {
            Assert.True((message.Content?.Length ?? 0) <= DiscordLimits.Message.Content);
            Assert.Equal(ephemeral ? 64 : null, message.Flags);
            var embeds = message.Embeds ?? [];
            Assert.InRange(embeds.Count, 1, DiscordLimits.Message.Embeds);
            var total = 0;
            foreach (var embed in embeds)
            {
                Assert.True(embed.Title is not null || embed.Description is not null || embed.Fields is not null || embed.Footer is not null, "empty embed");
                Assert.True((embed.Title?.Length ?? 0) <= DiscordLimits.Embed.Title);
                Assert.True((embed.Description?.Length ?? 0) <= DiscordLimits.Embed.Description, $"description {embed.Description?.Length}");
                Assert.True((embed.Footer?.Text.Length ?? 0) <= DiscordLimits.Embed.Footer);
                var fields = embed.Fields ?? [];
                Assert.True(fields.Count <= DiscordLimits.Embed.Fields);
                foreach (var field in fields)
                {
                    Assert.InRange(field.Name.Length, 1, DiscordLimits.Embed.FieldName);
                    Assert.InRange(field.Value.Length, 1, DiscordLimits.Embed.FieldValue);
                }

                total += (embed.Title?.Length ?? 0) + (embed.Description?.Length ?? 0) + (embed.Footer?.Text.Length ?? 0)
                    + fields.Sum(f => f.Name.Length + f.Value.Length);
            }

            Assert.True(total <= DiscordLimits.Embed.CharsPerMessage, $"message total {total}");
        }
    }
}
