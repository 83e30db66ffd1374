using Markdig;
using Md = Markdig.Syntax;
using MdInlines = Markdig.Syntax.Inlines;

namespace Il6Bot.Messages;

/// <summary>Turns Markdown into a <see cref="MessageDocument"/> by walking Markdig's syntax tree.</summary>
public static class MarkdownMessageParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseGenericAttributes()
        .Build();

    public static MessageDocument Parse(string markdown) => FromBlocks(Markdown.Parse(markdown, Pipeline));

    /// <summary>Converts already-parsed Markdig blocks (e.g. the blocks under one heading).</summary>
    public static MessageDocument FromBlocks(IEnumerable<Md.Block> blocks) => new(ConvertBlocks(blocks));

    private static List<MessageBlock> ConvertBlocks(IEnumerable<Md.Block> blocks)
    {
        var result = new List<MessageBlock>();
        foreach (var block in blocks)
        {
            var converted = ConvertBlock(block);
            if (converted is not null)
            {
                result.Add(converted);
            }
        }

        return result;
    }

    private static MessageBlock? ConvertBlock(Md.Block block) => block switch
    {
        Md.HeadingBlock h => new HeadingBlock(h.Level, ConvertInlines(h.Inline)),
        Md.ParagraphBlock p => new ParagraphBlock(ConvertInlines(p.Inline)),
        Md.ListBlock l => new ListBlock(
            l.IsOrdered,
            l.OfType<Md.ListItemBlock>().Select(item => (IReadOnlyList<MessageBlock>)ConvertBlocks(item)).ToList()),
        Md.QuoteBlock q => new QuoteBlock(ConvertBlocks(q)),
        Md.CodeBlock c => new CodeBlock(c.Lines.ToString()),
        _ => null,
    };

    private static List<MessageInline> ConvertInlines(MdInlines.ContainerInline? container)
    {
        var result = new List<MessageInline>();
        if (container is null)
        {
            return result;
        }

        foreach (var inline in container)
        {
            switch (inline)
            {
                case MdInlines.LiteralInline literal:
                    AppendText(result, literal.Content.ToString());
                    break;
                case MdInlines.EmphasisInline emphasis:
                    var children = ConvertInlines(emphasis);
                    result.Add(emphasis.DelimiterCount >= 2
                        ? new StrongInline(children)
                        : new EmphasisInline(children));
                    break;
                case MdInlines.LinkInline { IsImage: false } link:
                    result.Add(new LinkInline(link.Url ?? string.Empty, ConvertInlines(link)));
                    break;
                case MdInlines.AutolinkInline autolink:
                    result.Add(new LinkInline(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url, [new TextInline(autolink.Url)]));
                    break;
                case MdInlines.CodeInline code:
                    result.Add(new CodeInline(code.Content));
                    break;
                case MdInlines.LineBreakInline { IsHard: true }:
                    result.Add(new LineBreakInline());
                    break;
                case MdInlines.LineBreakInline:
                    AppendText(result, " ");
                    break;
                case MdInlines.HtmlEntityInline entity:
                    AppendText(result, entity.Transcoded.ToString());
                    break;
                case MdInlines.HtmlInline html:
                    // Content refuses raw HTML at load (MarkdownChecks); in text written in code the tag is shown
                    // as written rather than lost.
                    AppendText(result, html.Tag);
                    break;
                case MdInlines.ContainerInline nested:
                    result.AddRange(ConvertInlines(nested));
                    break;
                default:
                    // Every content file is converted at load, so a construct added to Markdig (or the pipeline)
                    // stops the load here instead of vanishing from what readers see.
                    throw new NotSupportedException(
                        $"Markdown {inline.GetType().Name} (line {inline.Line + 1}) has no counterpart in the message model; convert it in {nameof(MarkdownMessageParser)} or refuse it in MarkdownChecks.");
            }
        }

        return result;
    }

    // Markdig splits text at every delimiter it considered; merging keeps the tree small and renderers simple.
    private static void AppendText(List<MessageInline> inlines, string text)
    {
        if (inlines.Count > 0 && inlines[^1] is TextInline previous)
        {
            inlines[^1] = new TextInline(previous.Text + text);
        }
        else
        {
            inlines.Add(new TextInline(text));
        }
    }
}
