using Il6Bot.Tests.Content;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>A <see cref="CapturingLogger"/> for a class that asks for its own <see cref="ILogger{T}"/>.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly CapturingLogger _inner = new();

    public IReadOnlyCollection<(LogLevel Level, string Message)> Entries => _inner.Entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _inner.Log(logLevel, eventId, state, exception, formatter);

    /// <summary>Waits (30 s at most, then fails) until the log satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyCollection<(LogLevel Level, string Message)>, bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition(Entries))
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
