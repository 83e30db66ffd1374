using System.Diagnostics;
using Il6Bot.Discord.Rendering;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;

namespace Il6Bot.Tests.Messages;

public sealed class MessageDialectTests
{
    public static TheoryData<string> Platforms => [nameof(Discord), nameof(Slack)];

    [Theory]
    [MemberData(nameof(Platforms))]
    public void A_node_type_no_renderer_knows_throws_instead_of_rendering_as_nothing(string platform)
    {
        var dialect = platform == nameof(Discord) ? DiscordMarkdown.Dialect : SlackMrkdwn.Dialect;

        Assert.Throws<UnreachableException>(() => dialect.Render(new MessageDocument([new ParagraphBlock([new TextInline("a")]), new NewBlock()])));
        Assert.Throws<UnreachableException>(() => dialect.RenderInlines([new TextInline("a"), new NewInline()]));
        Assert.Throws<UnreachableException>(() => MessageChunker.Split(dialect, new MessageDocument([new NewBlock()]), 100));
        Assert.Throws<UnreachableException>(() => MessageChunker.Split(dialect, new MessageDocument([new ParagraphBlock([new TextInline(new string('a', 200)), new NewInline()])]), 100));
    }

    [Fact]
    public void Plain_text_throws_for_a_node_type_it_does_not_know()
    {
        Assert.Throws<UnreachableException>(() => PlainText.Render(new MessageDocument([new NewBlock()])));
        Assert.Throws<UnreachableException>(() => PlainText.Render([new NewInline()]));
    }

    private sealed record NewBlock : MessageBlock;

    private sealed record NewInline : MessageInline;
}
