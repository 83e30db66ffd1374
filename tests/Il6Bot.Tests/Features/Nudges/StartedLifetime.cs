using Microsoft.Extensions.Hosting;

namespace Il6Bot.Tests.Features.Nudges;

/// <summary>A host lifetime that has already started, for a scheduler built by hand outside a host.</summary>
internal sealed class StartedLifetime : IHostApplicationLifetime
{
    public static StartedLifetime Instance { get; } = new();

    public CancellationToken ApplicationStarted { get; } = new(canceled: true);

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication()
    {
    }
}
