using System.Text;

namespace Il6Bot.Messages;

/// <summary>
/// Splits an over-long code block into fenced pieces at line ends. A line longer than a whole piece is cut at a
/// space where there is one (the space starts the next line), else between characters, which degrades.
/// </summary>
internal static class CodeBlockSplitter
{
    private static readonly int FenceWidth = MessageDialect.Fence(string.Empty).Length;

    public static void Split(ChunkingRun run, List<ChunkPiece> pieces, string code, int indent, string separator)
    {
        // The smallest piece is one code line between two fence lines, each of the three indented.
        var room = Math.Max(1, run.Limit - FenceWidth - (3 * indent));
        var lines = new StringBuilder();
        var lineCount = 0;
        var next = separator;
        foreach (var line in code.Split('\n'))
        {
            var rest = line.AsSpan();
            do
            {
                var take = Cut(run, rest, room);
                var escaped = run.Dialect.EscapeCode(rest[..take].ToString());
                if (lineCount > 0 && FenceWidth + lines.Length + 1 + escaped.Length + (indent * (lineCount + 3)) > run.Limit)
                {
                    Flush();
                }

                if (lineCount > 0)
                {
                    lines.Append('\n');
                }

                lines.Append(escaped);
                lineCount++;
                rest = rest[take..];
            }
            while (!rest.IsEmpty);
        }

        Flush();

        void Flush()
        {
            pieces.Add(new ChunkPiece(MessageDialect.Fence(lines.ToString()), next));
            next = "\n";
            lines.Clear();
            lineCount = 0;
        }
    }

    private static int Cut(ChunkingRun run, ReadOnlySpan<char> line, int room)
    {
        var take = TextCut.FittingLength(line, room, run.Width, atWord: true);
        if (take == 0 && !line.IsEmpty)
        {
            take = line.Length > 1 && char.IsHighSurrogate(line[0]) && char.IsLowSurrogate(line[1]) ? 2 : 1;
        }

        if (take < line.Length && line[take] != ' ')
        {
            run.Degraded = true;
        }

        return take;
    }
}
