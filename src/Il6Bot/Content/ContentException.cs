namespace Il6Bot.Content;

/// <summary>Content that cannot be served. Stops start-up; on hot reload the last good content stays.</summary>
public sealed class ContentException : Exception
{
    public ContentException(SourceLocation location, string problem)
        : base($"{location}: {problem}")
    {
        Location = location;
        Problem = problem;
    }

    public ContentException()
    {
    }

    public ContentException(string message)
        : base(message)
    {
    }

    public ContentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SourceLocation Location { get; }

    public string Problem { get; } = string.Empty;
}
