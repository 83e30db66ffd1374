using Il6Bot.Commands;
using Il6Bot.Features.Il6;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Features.Il6;

public class Il6CommandHandlerTests
{
    private readonly Il6CommandHandler _handler = new(new FixedContentStore(ArticleFixture.Snapshot), ArticleFixture.Replies, TestMetrics.New());

    [Fact]
    public void Spec_has_one_optional_free_text_topic_with_autocomplete()
    {
        var spec = _handler.Spec;

        Assert.Equal("il6", spec.Name);
        Assert.InRange(spec.Description.Length, 1, 100);
        var option = Assert.Single(spec.Options);
        Assert.Equal(("topic", false, true, true), (option.Name, option.Required, option.Rest, option.Autocomplete));
        Assert.Empty(spec.Subcommands);
    }

    [Fact]
    public async Task No_topic_gives_the_public_overview()
    {
        var reply = await Ask(null);

        Assert.Equal(ArticleFixture.Snapshot.Title, reply.Title);
        Assert.False(reply.Ephemeral);
        Assert.Contains("fat-and-muscle — Burns Fat and Builds Muscle", PlainText.Render(reply.Body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("HELP")]
    [InlineData("usage")]
    [InlineData("--help")]
    public async Task Help_and_usage_words_give_short_ephemeral_usage(string topic)
    {
        var reply = await Ask(topic);

        Assert.True(reply.Ephemeral);
        var text = PlainText.Render(reply.Body);
        Assert.Contains("/il6 <topic>", text, StringComparison.Ordinal);
        Assert.Contains("fat-and-muscle", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help?")]
    [InlineData("Help!")]
    [InlineData("\"help\"")]
    [InlineData("“usage”")]
    [InlineData("`help`")]
    [InlineData("/help?")]
    public async Task A_help_word_asked_or_quoted_gives_the_usage(string topic) =>
        Assert.Same(ArticleFixture.Prepared.Usage, await Ask(topic));

    [Theory]
    [InlineData("list")]
    [InlineData("TOPICS")]
    [InlineData("list?")]
    [InlineData("\"list\"")]
    [InlineData("‘topics’")]
    [InlineData("contents.")]
    public async Task A_topic_list_word_even_asked_or_quoted_gives_the_public_overview(string topic) =>
        Assert.Same(ArticleFixture.Prepared.Overview, await Ask(topic));

    [Theory]
    [InlineData("benefits", "benefits")]
    [InlineData("Illness", "illness")]
    [InlineData("covid", "illness")]
    [InlineData("cytokine storm", "illness")]
    [InlineData("il-6", "what")]
    [InlineData("overview", "overview")]
    [InlineData("how?", "how")]
    [InlineData("what?", "what")]
    [InlineData("why?", "benefits")]
    [InlineData("\"how\"", "how")]
    [InlineData("“why”", "benefits")]
    [InlineData("‘What is’?", "what")]
    [InlineData("(il-6).", "what")]
    public async Task An_id_or_alias_gives_that_section(string topic, string expected)
    {
        var reply = await Ask(topic);

        Assert.Equal(expected, reply.SectionId);
        Assert.False(reply.Ephemeral);
    }

    [Fact]
    public async Task The_answer_is_the_reply_prepared_at_content_load()
    {
        var reply = await Ask("how");

        Assert.Same(ArticleFixture.Prepared.Section(ArticleFixture.Snapshot.Find("how")!), reply);
    }

    [Theory]
    [InlineData("covd", "illness")]
    [InlineData("inflamation", "inflammation")]
    [InlineData("how many workouts a week", "how")]
    [InlineData("burn fat", "fat-and-muscle")]
    public async Task A_clear_search_match_gives_the_section(string topic, string expected)
    {
        var reply = await Ask(topic);

        Assert.Equal(expected, reply.SectionId);
    }

    [Fact]
    public async Task Benefits_even_misspelt_comes_with_its_three_sub_sections()
    {
        var reply = await Ask("benifits");

        Assert.Equal("benefits", reply.SectionId);
        Assert.Equal(3, reply.Fields.Count);
    }

    [Fact]
    public async Task A_close_but_unclear_query_asks_did_you_mean_with_a_button_per_topic_instead_of_text_to_retype()
    {
        var reply = await Ask("insullin sensitivty");

        Assert.True(reply.Ephemeral);
        Assert.Null(reply.SectionId);
        var text = PlainText.Render(reply.Body);
        Assert.Contains("Did you mean", text, StringComparison.Ordinal);
        Assert.Contains("insullin sensitivty", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/il6", text, StringComparison.Ordinal);
        Assert.Contains(new ButtonAction(ButtonKind.Topic, "fat-and-muscle"), reply.Buttons.Select(b => b.Action));
        Assert.Contains(new ButtonAction(ButtonKind.Topic, "inflammation"), reply.Buttons.Select(b => b.Action));
    }

    [Fact]
    public async Task Did_you_mean_offers_at_most_three_topics() =>
        Assert.InRange((await Ask("stregth")).Buttons.Count, 2, Il6HelpReplies.MaxSuggestions);

    [Fact]
    public async Task Nothing_found_lists_the_topics_ephemerally()
    {
        var reply = await Ask("xyzzy");

        Assert.True(reply.Ephemeral);
        var text = PlainText.Render(reply.Body);
        Assert.Contains("Nothing in the article matches “xyzzy”", text, StringComparison.Ordinal);
        foreach (var section in ArticleFixture.Snapshot.AllSections)
        {
            Assert.Contains(section.Id, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_pasted_essay_is_not_echoed_in_full()
    {
        var reply = await Ask(string.Concat(Enumerable.Repeat("zq ", 400)));

        Assert.True(PlainText.Render(reply.Body).Length < 1000);
    }

    [Fact]
    public async Task Query_text_is_kept_as_text_not_parsed_as_markup()
    {
        var reply = await Ask("[xyzzy](https://evil.example) **qq**");

        var paragraph = Assert.IsType<ParagraphBlock>(reply.Body.Blocks[0]);
        Assert.All(paragraph.Inlines, inline => Assert.IsType<TextInline>(inline));
    }

    [Fact]
    public void Autocomplete_ranks_by_search_with_ids_as_values()
    {
        var choices = _handler.Complete("topic", "covd", 25);

        Assert.Equal("illness", choices[0].Value);
        Assert.Equal("illness — Protects from Acute Illness", choices[0].Name);
    }

    [Fact]
    public void Autocomplete_of_nothing_lists_every_topic_within_limits()
    {
        var choices = _handler.Complete("topic", string.Empty, 25);

        Assert.Equal(ArticleFixture.Snapshot.AllSections.Select(s => s.Id), choices.Select(c => c.Value));
        Assert.All(choices, c => Assert.InRange(c.Name.Length, 1, Il6CommandHandler.MaxChoiceNameLength));
        Assert.Equal(3, _handler.Complete("topic", string.Empty, 3).Count);
    }

    [Fact]
    public void Autocomplete_of_another_option_or_without_content_is_empty()
    {
        Assert.Empty(_handler.Complete("channel", "cov", 25));
        Assert.Empty(new Il6CommandHandler(new FixedContentStore(null), ArticleFixture.Replies, TestMetrics.New()).Complete("topic", "cov", 25));
    }

    [Fact]
    public async Task The_real_host_routes_il6_through_the_engine_with_prepared_content()
    {
        await using var host = await BotHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var engine = host.Services.GetRequiredService<CommandEngine>();

        var reply = await engine.HandleAsync(Request("covid cytokine storm"), TestContext.Current.CancellationToken);

        Assert.Equal("illness", reply.SectionId);
        Assert.Equal("illness", engine.Complete("/il6", "topic", "cov", 25)[0].Value);
    }

    private Task<Reply> Ask(string? topic) => _handler.HandleAsync(Request(topic), TestContext.Current.CancellationToken);

    private static CommandRequest Request(string? topic) => new(
        Platform.Console,
        "local",
        "channel",
        "user",
        IsModerator: false,
        "il6",
        null,
        topic is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["topic"] = topic });
}
