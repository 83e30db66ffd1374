using System.Text;

namespace Il6Bot.Messages;

/// <summary>Plain-text rendering, for the console, search indexing and fallbacks.</summary>
public static class PlainText
{
    public static string Render(MessageDocument document)
    {
        var builder = new StringBuilder();
        AppendBlocks(builder, document.Blocks, indent: string.Empty);
        return builder.ToString().TrimEnd();
    }

    public static string Render(IReadOnlyList<MessageInline> inlines)
    {
        var builder = new StringBuilder();
        AppendInlines(builder, inlines);
        return builder.ToString();
    }

    public static string Render(Reply reply)
    {
        var builder = new StringBuilder();
        if (reply.Title is not null)
        {
            builder.Append("== ").Append(reply.Title).Append(" ==\n\n");
        }

        builder.Append(Render(reply.Body));
        foreach (var field in reply.Fields)
        {
            builder.Append("\n\n-- ").Append(field.Title).Append(" --\n").Append(Render(field.Body));
        }

        if (reply.Footer is not null)
        {
            builder.Append("\n\n").Append(reply.Footer);
        }

        return builder.ToString().Trim();
    }

    private static void AppendBlocks(StringBuilder builder, IReadOnlyList<MessageBlock> blocks, string indent)
    {
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ParagraphBlock p:
                    builder.Append(indent);
                    AppendInlines(builder, p.Inlines);
                    builder.Append("\n\n");
                    break;
                case HeadingBlock h:
                    builder.Append(indent);
                    AppendInlines(builder, h.Inlines);
                    builder.Append("\n\n");
                    break;
                case ListBlock l:
                    for (var i = 0; i < l.Items.Count; i++)
                    {
                        var marker = l.Ordered ? $"{i + 1}. " : "- ";
                        var item = new StringBuilder();
                        AppendBlocks(item, l.Items[i], string.Empty);
                        var lines = item.ToString().Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0).ToList();
                        builder.Append(indent).Append(marker).Append(lines.FirstOrDefault()?.TrimStart()).Append('\n');

                        // A nested list continues under its item, indented, not as a new paragraph.
                        foreach (var line in lines.Skip(1))
                        {
                            builder.Append(indent).Append("  ").Append(line).Append('\n');
                        }
                    }

                    builder.Append('\n');
                    break;
                case QuoteBlock q:
                    AppendBlocks(builder, q.Blocks, indent + "> ");
                    break;
                case CodeBlock c:
                    builder.Append(c.Code).Append("\n\n");
                    break;
                default:
                    throw MessageDialect.Unknown(block);
            }
        }
    }

    private static void AppendInlines(StringBuilder builder, IReadOnlyList<MessageInline> inlines)
    {
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case TextInline t: builder.Append(t.Text); break;
                case StrongInline s: AppendInlines(builder, s.Inlines); break;
                case EmphasisInline e: AppendInlines(builder, e.Inlines); break;
                case LinkInline l:
                    AppendInlines(builder, l.Inlines);
                    if (!l.ShowsItsUrl)
                    {
                        builder.Append(" (").Append(l.Url).Append(')');
                    }

                    break;
                case CodeInline c: builder.Append(c.Code); break;
                case LineBreakInline: builder.Append('\n'); break;
                case TimestampInline t: builder.Append(t.Fallback); break;
                case ChannelInline c: builder.Append('#').Append(c.ChannelId); break;
                case UserInline u: builder.Append('@').Append(u.UserId); break;
                default: throw MessageDialect.Unknown(inline);
            }
        }
    }
}
