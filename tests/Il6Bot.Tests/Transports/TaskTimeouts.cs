namespace Il6Bot.Tests.Transports;

internal static class TaskTimeouts
{
    /// <summary>Waits for an event-driven completion; 10 s is far beyond any honest wait on loopback.</summary>
    public static Task<T> Within10s<T>(this Task<T> task) =>
        task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    public static Task Within10s(this Task task) =>
        task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
}
