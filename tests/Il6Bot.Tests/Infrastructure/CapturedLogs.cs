using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry of a host as an operator's console would show it: the formatted
/// message and, when there is one, the exception.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    public IReadOnlyCollection<CapturedLogEntry> Entries => _entries;

    /// <summary>Forgets what was logged so far (start-up, say), so a test sees only what its requests caused.</summary>
    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new CapturedLogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

public sealed record CapturedLogEntry(string Category, LogLevel Level, string Message, Exception? Exception)
{
    /// <summary>The lines an operator reads: the message, then the exception with its stack trace, if any.</summary>
    public string Text => Exception is null ? Message : Message + Environment.NewLine + Exception;

    public override string ToString() => $"{Level} {Category}: {Text}";
}
