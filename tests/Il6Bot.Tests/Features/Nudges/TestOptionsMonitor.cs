using Microsoft.Extensions.Options;

namespace Il6Bot.Tests.Features.Nudges;

/// <summary>Options a test can change between ticks.</summary>
public sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
