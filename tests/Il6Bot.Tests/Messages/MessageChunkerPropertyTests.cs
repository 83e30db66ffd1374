using System.Text.RegularExpressions;
using CsCheck;
using Il6Bot.Discord;
using Il6Bot.Discord.Rendering;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;

namespace Il6Bot.Tests.Messages;

/// <summary>
/// The chunker on every platform at every limit it is used with: each chunk within the limit, nothing lost (the
/// chunks hold the whole rendering, up to white space and the markup a split repeats), and no chunk ends inside a
/// link, a code span, an escape or a surrogate pair.
/// </summary>
public sealed partial class MessageChunkerPropertyTests
{
    public static TheoryData<string, int> PlatformLimits => new()
    {
        { nameof(Discord), DiscordLimits.Embed.Description },
        { nameof(Discord), DiscordLimits.Embed.FieldValue },
        { nameof(Discord), DiscordLimits.Message.Content },
        { nameof(Slack), SlackSectionBlock.MaxText },

        // Far below any real limit, so every message takes every way of splitting many times.
        { nameof(Discord), 160 },
        { nameof(Slack), 160 },
    };

    [Theory]
    [MemberData(nameof(PlatformLimits))]
    public void Every_chunk_fits_and_nothing_is_lost_or_cut_through(string platform, int limit)
    {
        var dialect = Dialect(platform);
        MessageGen.Documents.Sample(document =>
        {
            var (chunks, degraded) = MessageChunker.Split(dialect, document, limit);

            Assert.All(chunks, chunk =>
            {
                Assert.InRange(chunk.Length, 1, limit);
                AssertNothingCutThrough(platform, chunk, degraded);
            });
            if (!degraded)
            {
                Assert.Equal(Content(dialect.Render(document)), Content(string.Join('\n', chunks)));
            }
        }, iter: 150, threads: 1);
    }

    [Theory]
    [MemberData(nameof(PlatformLimits))]
    public void Words_longer_than_a_chunk_are_cut_without_losing_a_character(string platform, int limit)
    {
        var dialect = Dialect(platform);
        MessageGen.EndlessWords(limit).Sample(document =>
        {
            var (chunks, _) = MessageChunker.Split(dialect, document, limit);

            Assert.All(chunks, chunk =>
            {
                Assert.InRange(chunk.Length, 1, limit);
                AssertNothingCutThrough(platform, chunk, degraded: false);
            });
            Assert.Equal(Characters(dialect.Render(document)), Characters(string.Concat(chunks)));
        }, iter: 40, threads: 1);
    }

    private static MessageDialect Dialect(string platform) => platform == nameof(Discord) ? DiscordMarkdown.Dialect : SlackMrkdwn.Dialect;

    private static void AssertNothingCutThrough(string platform, string chunk, bool degraded)
    {
        Assert.DoesNotMatch(LoneSurrogate(), chunk);
        Assert.True(chunk.Count(c => c == '`') % 2 == 0, "a code span or fence is cut: " + chunk);
        if (platform == nameof(Discord))
        {
            Assert.DoesNotMatch(DanglingBackslash(), chunk);
            var rest = DiscordAtoms().Replace(chunk, string.Empty);
            Assert.DoesNotMatch(UnescapedMention(), rest);
            AssertNoLinkLeft(rest, degraded);
        }
        else
        {
            Assert.DoesNotMatch(BrokenEntity(), chunk);
            var rest = SlackAtoms().Replace(chunk, string.Empty);
            Assert.DoesNotContain('<', rest);
            Assert.DoesNotContain('>', QuoteMarkers().Replace(rest, string.Empty));
            AssertNoLinkLeft(rest, degraded);
        }
    }

    // A link that could not fit anywhere is shown as its plain text, address included, and may be cut as text.
    private static void AssertNoLinkLeft(string rest, bool degraded)
    {
        if (!degraded)
        {
            Assert.DoesNotContain("https://", rest, StringComparison.Ordinal);
        }
    }

    /// <summary>What a split may not change: the words and the gaps between them, leaving out the markup a split
    /// repeats or moves (style markers, fences, quote marks, escapes) and how wide a gap is.</summary>
    private static string Content(string rendered) =>
        WhiteSpace().Replace(Markup().Replace(rendered, string.Empty), " ").Trim();

    /// <summary>What a cut through a word may not change: every character but white space and markup.</summary>
    private static string Characters(string rendered) => WhiteSpace().Replace(Markup().Replace(rendered, string.Empty), string.Empty);

    [GeneratedRegex(@"[*_`\\>\u200b]")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]")]
    private static partial Regex LoneSurrogate();

    // An escape cut from what it escapes leaves an odd run of backslashes at the end.
    [GeneratedRegex(@"(?<!\\)(\\\\)*\\$")]
    private static partial Regex DanglingBackslash();

    [GeneratedRegex(@"\[(?:[^\]\\]|\\.)*\]\(https://[^)\s]*\)|<https://[^>\s]*>|<t:\d+:F>|<#\d+>")]
    private static partial Regex DiscordAtoms();

    [GeneratedRegex(@"<https://[^<>|]*(\|[^<>]*)?>|<!date\^\d+\^\{date_long_pretty\} \{time\}\|[^<>]*>|<#\d+>")]
    private static partial Regex SlackAtoms();

    [GeneratedRegex("&(?!amp;|lt;|gt;)")]
    private static partial Regex BrokenEntity();

    [GeneratedRegex(@"(?<!\\)<[t#]")]
    private static partial Regex UnescapedMention();

    // Quote marks, after any list markers and indentation at a line start.
    [GeneratedRegex(@"^([ ]+|> ?|• |[0-9]+\. )+", RegexOptions.Multiline)]
    private static partial Regex QuoteMarkers();
}
