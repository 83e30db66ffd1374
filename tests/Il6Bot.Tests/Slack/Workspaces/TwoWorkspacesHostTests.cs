using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Slack.Workspaces;

/// <summary>
/// The set-up of a test class that runs the real host against two installed workspaces (<see cref="SlackWorkspaces"/>):
/// a fresh pair and host for every test, both stopped after it.
/// </summary>
public abstract class TwoWorkspacesHostTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset FirstMonday = DiscordWorld.FirstMonday;

    protected SlackWorkspaces Workspaces { get; private set; } = null!;

    protected BotHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Workspaces = await SlackWorkspaces.StartAsync();
        Host = await Workspaces.StartHostAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Workspaces.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
