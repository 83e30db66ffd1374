using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Content;

/// <summary>Each kind of bad content is refused with an error naming the file and line.</summary>
public sealed class ContentValidationTests
{
    private const string Article = TempContentFolder.MinimalArticle;

    private const string Nudges = TempContentFolder.MinimalNudges;

    public static TheoryData<string, string, string, string, string> BadContent() => new()
    {
        {
            "duplicate id",
            Article + "\n## Again {#what}\n\nMore.\n", Nudges,
            "content/il6.md:9", "duplicate id 'what': already used as id 'what' at content/il6.md:5"
        },
        {
            "duplicate alias",
            Article + "\n## Other {#other data-aliases=\"Meaning\"}\n\nMore.\n", Nudges,
            "content/il6.md:9", "already used as alias 'meaning' at content/il6.md:5"
        },
        {
            "alias equal to another id",
            Article + "\n## Other {#other data-aliases=\"what\"}\n\nMore.\n", Nudges,
            "content/il6.md:9", "content/il6.md:5"
        },
        {
            "topic id that could not travel in a button",
            Article + "\n## Other {#Other_Topic}\n\nMore.\n", Nudges,
            "content/il6.md:9", "topic id 'Other_Topic' must be 1 to 64 characters of a-z, 0-9 and '-'"
        },
        {
            "heading without id",
            Article + "\n## No id here\n\nMore.\n", Nudges,
            "content/il6.md:9", "heading has no {#id}"
        },
        {
            "unparsable attributes",
            Article + "\n## Broken {#broken\n\nMore.\n", Nudges,
            "content/il6.md:9", "could not be parsed"
        },
        {
            "unknown attribute",
            Article + "\n## Other {#other data-alias=\"x\"}\n\nMore.\n", Nudges,
            "content/il6.md:9", "unknown heading attribute 'data-alias'"
        },
        {
            "section with no text",
            "# Title {#overview}\n\nSummary.\n\n## Empty {#empty}\n\n## Full {#full}\n\nText.\n", Nudges.Replace("what", "full", StringComparison.Ordinal),
            "content/il6.md:5", "section 'empty' has no text"
        },
        {
            "parent with only sub-sections",
            "# Title {#overview}\n\nSummary.\n\n## Parent {#parent}\n### Child {#child}\n\nText.\n", Nudges.Replace("what", "child", StringComparison.Ordinal),
            "content/il6.md:5", "section 'parent' has no text"
        },
        {
            "heading level jump",
            Article + "\n#### Deep {#deep}\n\nMore.\n", Nudges,
            "content/il6.md:9", "heading level jumps from H2 to H4"
        },
        {
            "topic below the title skips a level",
            "# Title {#overview}\n\nSummary.\n\n### Sub {#sub}\n\nText.\n", Nudges.Replace("what", "sub", StringComparison.Ordinal),
            "content/il6.md:5", "from H1 to H3"
        },
        {
            "text before the first heading",
            "Stray intro.\n\n" + Article, Nudges,
            "content/il6.md:1", "text before the first heading"
        },
        {
            "article not starting with a title",
            "## What {#what}\n\nText.\n", Nudges,
            "content/il6.md:1", "level-1 heading"
        },
        {
            "second level-1 heading",
            Article + "\n# Another title {#another}\n\nMore.\n", Nudges,
            "content/il6.md:9", "only the title may be a level-1 heading"
        },
        {
            "title without a summary paragraph",
            "# Title {#overview}\n\n- a list first\n\n## What {#what}\n\nText.\n", Nudges,
            "content/il6.md:1", "summary"
        },
        {
            "unclosed code fence",
            Article + "\n```\nnever closed\n", Nudges,
            "content/il6.md:9", "code fence is never closed"
        },
        {
            "unclosed code fence in a list",
            Article + "\n- item\n\n  ```\n  open\n", Nudges,
            "content/il6.md:11", "code fence is never closed"
        },
        {
            "unclosed comment",
            Article + "\n<!-- a note\n\nmore\n", Nudges,
            "content/il6.md:9", "HTML comment is never closed"
        },
        {
            "raw HTML block",
            Article + "\n<div>boxed</div>\n", Nudges,
            "content/il6.md:9", "raw HTML is not supported"
        },
        {
            "inline HTML",
            Article + "\nSome <b>bold</b> text.\n", Nudges,
            "content/il6.md:9", "raw HTML is not supported"
        },
        {
            "alias that /il6 keeps for its usage",
            Article + "\n## Other {#other data-aliases=\"more, Help\"}\n\nMore.\n", Nudges,
            "content/il6.md:9", "alias 'Help' is reserved"
        },
        {
            "topic id that /il6 keeps for its topic list",
            Article + "\n## Topics {#topics}\n\nMore.\n", Nudges,
            "content/il6.md:9", "id 'topics' is reserved"
        },
        {
            "nudge over 600 characters",
            Article, "## Long {#n-long data-topic=\"what\"}\n\n" + new string('x', 600) + " Read more: `/il6 what`\n",
            "content/nudges.md:1", "keep it under 600"
        },
        {
            "nudge topic that is not a topic",
            Article, "## Go {#n-go data-topic=\"cardio\"}\n\nRun. Read more: `/il6 cardio`\n",
            "content/nudges.md:1", "topic 'cardio', which is not an /il6 topic"
        },
        {
            "nudge topic that is only an alias",
            Article, "## Go {#n-go data-topic=\"def\"}\n\nRun. Read more: `/il6 def`\n",
            "content/nudges.md:1", "not an /il6 topic"
        },
        {
            "nudge without a topic",
            Article, "## Go {#n-go}\n\nRun. Read more: `/il6 what`\n",
            "content/nudges.md:1", "has no data-topic"
        },
        {
            "duplicate nudge id",
            Article, Nudges + "\n## Again {#N-GO data-topic=\"what\"}\n\nMore. Read more: `/il6 what`\n",
            "content/nudges.md:5", "duplicate nudge id 'N-GO': already used as nudge id 'n-go' at content/nudges.md:1"
        },
        {
            "no nudges",
            Article, "<!-- nothing yet -->\n",
            "content/nudges.md:1", "no nudges"
        },
        {
            "nudge without a pointer",
            Article, "## Go {#n-go data-topic=\"what\"}\n\nLift.\n\nAnd again.\n",
            "content/nudges.md:5", "must end with a pointer to its topic"
        },
        {
            "nudge pointing to another topic",
            Article, "## Go {#n-go data-topic=\"what\"}\n\nLift. Read more: `/il6 overview`\n",
            "content/nudges.md:3", "/il6 what"
        },
        {
            "nudge with no text",
            Article, "## Go {#n-go data-topic=\"what\"}\n",
            "content/nudges.md:1", "needs a title and text"
        },
        {
            "nudge heading at the wrong level",
            Article, Nudges + "\n### Sub {#n-sub data-topic=\"what\"}\n\nMore. Read more: `/il6 what`\n",
            "content/nudges.md:5", "nudges are level-2 headings"
        },
        {
            "text before the first nudge",
            Article, "Hello.\n\n" + Nudges,
            "content/nudges.md:1", "text before the first nudge heading"
        },
    };

    [Theory]
    [MemberData(nameof(BadContent))]
    public void Bad_content_names_file_and_line(string because, string article, string nudges, string location, string problem)
    {
        using var folder = new TempContentFolder(article, nudges);

        var error = Assert.Throws<ContentException>(folder.Load);

        Assert.True(error.Message.StartsWith(location + ": ", StringComparison.Ordinal), $"{because}: {error.Message}");
        Assert.Equal(location, error.Location.ToString());
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nudge_of_599_characters_loads()
    {
        using var folder = NudgeOfLength(599);

        var nudge = Assert.Single(folder.Load().Nudges);

        Assert.Equal(599, nudge.Title.Length + PlainText.Render(nudge.Body).Length);
    }

    [Fact]
    public void A_nudge_of_600_characters_is_refused()
    {
        using var folder = NudgeOfLength(600);

        var error = Assert.Throws<ContentException>(folder.Load);

        Assert.Equal("content/nudges.md:1: nudge 'n-go' is 600 characters (title and text); keep it under 600", error.Message);
    }

    [Theory]
    [InlineData(ContentLoader.ArticleFileName)]
    [InlineData(ContentLoader.NudgesFileName)]
    public void A_missing_file_is_named(string missing)
    {
        using var folder = new TempContentFolder();
        File.Delete(Path.Combine(folder.Path, missing));

        var error = Assert.Throws<ContentException>(folder.Load);

        Assert.StartsWith($"content/{missing}:1: file not found", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], int> InvalidUtf8() => new()
    {
        // The reproduction from the report: bytes pasted into the paragraph on line 7.
        { "FF FE C3 ( inside a paragraph", Utf8("# Title {#overview}\n\nSummary line.\n\n## What {#what}\n\nSome ", [0xFF, 0xFE, 0xC3, (byte)'('], " text.\n"), 7 },
        { "a lone continuation byte", Utf8("# Title {#overview}\n\nSumm", [0x80], "ary.\n"), 3 },
        { "an overlong encoding of '/' starting line 2", Utf8("# Title {#overview}\n", [0xC0, 0xAF], "\n"), 2 },
        { "a sequence cut off at the end of the file", Utf8(TempContentFolder.MinimalArticle + "\nTail ", [0xE2, 0x82], ""), 9 },
        { "CRLF line ends", Utf8("# Title {#overview}\r\n\r\nSummary ", [0xFF], "\r\n"), 3 },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void Invalid_utf8_is_refused_naming_file_and_line(string because, byte[] article, int line)
    {
        using var folder = new TempContentFolder();
        folder.WriteBytes(ContentLoader.ArticleFileName, article);

        var error = Assert.Throws<ContentException>(folder.Load);

        Assert.True(error.Location == new SourceLocation("content/il6.md", line), $"{because}: {error.Message}");
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_nudges_names_that_file()
    {
        using var folder = new TempContentFolder();
        folder.WriteBytes(ContentLoader.NudgesFileName, Utf8(TempContentFolder.MinimalNudges, [0xFF], "\n"));

        var error = Assert.Throws<ContentException>(folder.Load);

        Assert.StartsWith("content/nudges.md:4: not valid UTF-8 (byte 0xFF)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_and_multi_byte_text_load_unchanged()
    {
        using var folder = new TempContentFolder();
        var article = TempContentFolder.MinimalArticle.Replace("Some text.", "Müller’s ✓ 💪 text.", StringComparison.Ordinal);
        folder.WriteBytes(ContentLoader.ArticleFileName, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(article)]);

        var snapshot = folder.Load();

        Assert.Equal("Title", snapshot.Title);
        Assert.Equal("Müller’s ✓ 💪 text.", Il6Bot.Messages.PlainText.Render(snapshot.Find("what")!.Body));
    }

    [Fact]
    public void Minimal_content_loads()
    {
        using var folder = new TempContentFolder();

        var snapshot = folder.Load();

        Assert.Equal("Title", snapshot.Title);
        Assert.Equal("Summary line.", snapshot.Summary);
        Assert.Equal(["overview", "what"], snapshot.Topics.Select(t => t.Id));
        Assert.Equal("what", snapshot.Find("meaning")?.Id);
        var nudge = Assert.Single(snapshot.Nudges);
        Assert.Equal(("n-go", "Go", "what"), (nudge.Id, nudge.Title, nudge.Topic));
        Assert.Equal(new SourceLocation("content/il6.md", 5), snapshot.Find("what")!.Source);
    }

    [Fact]
    public void Comments_and_thematic_breaks_are_allowed()
    {
        using var folder = new TempContentFolder(
            "<!-- editor's note -->\n\n" + Article + "\n<!-- another\nnote -->\n\n---\n\nAfter the break.\n");

        var snapshot = folder.Load();

        Assert.Contains("After the break.", Il6Bot.Messages.PlainText.Render(snapshot.Find("what")!.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void An_autolink_is_a_link_showing_its_url()
    {
        using var folder = new TempContentFolder(Article + "\nSee <https://example.org/study> for more.\n");

        var body = folder.Load().Find("what")!.Body;

        var paragraph = Assert.IsType<ParagraphBlock>(body.Blocks[^1]);
        var link = Assert.Single(paragraph.Inlines.OfType<LinkInline>());
        Assert.Equal("https://example.org/study", link.Url);
        Assert.Equal<MessageInline>([new TextInline("https://example.org/study")], link.Inlines);
        Assert.Equal("See https://example.org/study for more.", Il6Bot.Messages.PlainText.Render(body).Split('\n')[^1]);
    }

    /// <summary>The nudge "Go" whose title and plain text add up to <paramref name="length"/> characters.</summary>
    private static TempContentFolder NudgeOfLength(int length)
    {
        var filler = new string('x', length - "Go".Length - " Read more: /il6 what".Length);
        return new TempContentFolder(Article, "## Go {#n-go data-topic=\"what\"}\n\n" + filler + " Read more: `/il6 what`\n");
    }

    private static byte[] Utf8(string before, byte[] bytes, string after) =>
        [.. System.Text.Encoding.UTF8.GetBytes(before), .. bytes, .. System.Text.Encoding.UTF8.GetBytes(after)];
}
