namespace Il6Bot.LocalConsole;

/// <summary>
/// The console's input and output. One instance, so replies and printed nudges never interleave mid-line,
/// and tests can swap the streams.
/// </summary>
public sealed class ConsoleIO(TextReader input, TextWriter output)
{
    private readonly Lock _gate = new();

    public TextReader Input { get; } = input;

    public void WriteBlock(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
            output.WriteLine();
            output.Flush();
        }
    }
}
