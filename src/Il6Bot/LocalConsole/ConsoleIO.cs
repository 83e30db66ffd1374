using System.Threading.Channels;

namespace Il6Bot.LocalConsole;

/// <summary>
/// The console's input and output. One instance, so replies and printed nudges never interleave mid-line,
/// and tests can swap the streams.
/// </summary>
public sealed class ConsoleIO(TextReader input, TextWriter output)
{
    private readonly Lock _gate = new();

    // Started by the first read, so a host that never reads (tests, services) starts no thread.
    private readonly Lazy<ChannelReader<string>> _lines = new(() => StartReading(input));

    /// <summary>
    /// The next line, or null at the end of input. Ends with <paramref name="cancellationToken"/> while a line is
    /// awaited: <c>Console.In.ReadLineAsync</c> reads synchronously and ignores its token, so Ctrl+C waited for a
    /// line (or the host's 30 s shutdown timeout, cutting the last insights flush short). Lines are read on a
    /// background thread of their own instead, which nothing waits for when the process exits.
    /// </summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var lines = _lines.Value;
        while (await lines.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (lines.TryRead(out var line))
            {
                return line;
            }
        }

        return null;
    }

    public void WriteBlock(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
            output.WriteLine();
            output.Flush();
        }
    }

    private static ChannelReader<string> StartReading(TextReader input)
    {
        // One line ahead at most: piped input is not read into memory faster than it is answered.
        var lines = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        new Thread(() => Pump(input, lines.Writer)) { IsBackground = true, Name = "Console input" }.Start();
        return lines.Reader;
    }

    private static void Pump(TextReader input, ChannelWriter<string> lines)
    {
        try
        {
            while (input.ReadLine() is { } line)
            {
                // Blocks this thread only, until the console has taken the line before.
                lines.WriteAsync(line).AsTask().GetAwaiter().GetResult();
            }

            lines.TryComplete();
        }
        catch (Exception ex)
        {
            lines.TryComplete(ex);
        }
    }
}
