using Il6Bot.Commands;
using Il6Bot.Commands.Buttons;
using Il6Bot.Content;
using Il6Bot.Features.Il6;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;
using Il6Bot.Tests.Features.Il6;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Commands.Buttons;

public sealed class ButtonRouterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ButtonRouter Router(ContentSnapshot? snapshot = null) =>
        new([new Il6ButtonHandler(new FixedContentStore(snapshot ?? ArticleFixture.Snapshot), ArticleFixture.Replies)], NullLogger<ButtonRouter>.Instance);

    private static ButtonClick Click(ButtonKind kind, string topic, bool onPrivateMessage = false) =>
        new(Platform.Discord, "g1", "c1", "4242", IsModerator: false, ButtonId.Encode(new ButtonAction(kind, topic)), onPrivateMessage, "i1");

    [Fact]
    public async Task A_related_topic_shows_that_section_to_the_clicker_alone_with_Share()
    {
        var answer = await Router().HandleAsync(Click(ButtonKind.Topic, "illness"), Ct);

        Assert.Equal(ClickDelivery.PrivateMessage, answer.Delivery);
        Assert.Same(ArticleFixture.Prepared.PrivateSection(ArticleFixture.Snapshot.Find("illness")!), answer.Reply);
        Assert.True(answer.Reply.Ephemeral);
        Assert.Contains(answer.Reply.Buttons, b => b.Action == new ButtonAction(ButtonKind.Share, "illness"));
    }

    [Fact]
    public async Task Paging_inside_a_private_answer_replaces_it()
    {
        var answer = await Router().HandleAsync(Click(ButtonKind.Topic, "how", onPrivateMessage: true), Ct);

        Assert.Equal(ClickDelivery.ReplacePrivateMessage, answer.Delivery);
        Assert.Equal("How Can You Reap the Rewards of Interleukin-6?", answer.Reply.Title);
    }

    [Fact]
    public async Task Read_more_on_a_public_nudge_answers_privately_even_from_a_private_message()
    {
        var answer = await Router().HandleAsync(Click(ButtonKind.ReadMore, "how", onPrivateMessage: true), Ct);

        Assert.Equal(ClickDelivery.PrivateMessage, answer.Delivery);
        Assert.True(answer.Reply.Ephemeral);
    }

    [Fact]
    public async Task Share_posts_the_public_section_attributed_to_the_member_who_clicked()
    {
        var answer = await Router().HandleAsync(Click(ButtonKind.Share, "benefits"), Ct);

        Assert.Equal(ClickDelivery.PublicMessage, answer.Delivery);
        Assert.False(answer.Reply.Ephemeral);
        var opening = Assert.IsType<ParagraphBlock>(answer.Reply.Body.Blocks[0]);
        Assert.Equal([new TextInline("Shared by "), new UserInline("4242")], opening.Inlines);
        Assert.DoesNotContain(answer.Reply.Buttons, b => b.Action.Kind == ButtonKind.Share);
        Assert.Equal(ArticleFixture.Prepared.Section(ArticleFixture.Snapshot.Find("benefits")!).Body.Blocks, answer.Reply.Body.Blocks.Skip(1));
    }

    [Theory]
    [InlineData(ButtonKind.Topic)]
    [InlineData(ButtonKind.ReadMore)]
    [InlineData(ButtonKind.Share)]
    public async Task A_topic_removed_since_the_button_was_made_gets_a_polite_private_note(ButtonKind kind)
    {
        var answer = await Router().HandleAsync(Click(kind, "no-longer-here"), Ct);

        Assert.Equal(ClickDelivery.PrivateMessage, answer.Delivery);
        Assert.True(answer.Reply.Ephemeral);
        Assert.Contains("removed from the article", PlainText.Render(answer.Reply), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("il6:9:t:how", ButtonRouter.NewerVersionText)]
    [InlineData("il6:1:q:how", ButtonRouter.DamagedText)]
    [InlineData("someone-elses-button", ButtonRouter.NotOursText)]
    [InlineData("il6:1:x:", ButtonRouter.NotOursText)]
    public async Task A_button_that_cannot_be_used_gets_a_helpful_private_reply(string id, string expected)
    {
        var click = Click(ButtonKind.Topic, "how") with { ButtonId = id };

        var answer = await Router().HandleAsync(click, Ct);

        Assert.Equal(ClickDelivery.PrivateMessage, answer.Delivery);
        Assert.True(answer.Reply.Ephemeral);
        Assert.Equal(expected.Replace("`", string.Empty, StringComparison.Ordinal), PlainText.Render(answer.Reply));
    }

    [Fact]
    public async Task A_handler_that_throws_is_a_private_apology_not_an_error()
    {
        var router = new ButtonRouter([new ThrowingHandler()], NullLogger<ButtonRouter>.Instance);

        var answer = await router.HandleAsync(Click(ButtonKind.Topic, "how"), Ct);

        Assert.Equal(ButtonRouter.FailedText, PlainText.Render(answer.Reply));
    }

    private sealed class ThrowingHandler : IButtonHandler
    {
        public IReadOnlyCollection<ButtonKind> Kinds { get; } = [ButtonKind.Topic];

        public Task<ClickAnswer> HandleAsync(ButtonClick click, ButtonAction action, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }
}
