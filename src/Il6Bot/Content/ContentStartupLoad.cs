using Il6Bot.Hosting;

namespace Il6Bot.Content;

/// <summary>
/// Loads the content in <see cref="StartingAsync"/>, which the host runs before any hosted service's
/// <c>StartAsync</c>: everything that reads content at start finds it loaded, and bad content stops start-up
/// with its <see cref="ContentException"/> (file:line) instead of failing inside a constructor during DI.
/// </summary>
public sealed class ContentStartupLoad(ContentStore store) : StartupStep
{
    public override Task StartingAsync(CancellationToken cancellationToken)
    {
        store.Load();
        return Task.CompletedTask;
    }
}
