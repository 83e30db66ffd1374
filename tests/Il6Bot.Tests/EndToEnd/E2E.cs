using System.Text.RegularExpressions;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.EndToEnd;

internal static partial class E2E
{
    /// <summary>The host's own scheduler, to run one tick of it.</summary>
    public static NudgeScheduler Scheduler(BotHost host) => host.Services.GetRequiredService<NudgeScheduler>();

    /// <summary>The new schedule's id from a "Scheduled ID: …" reply (fails the test when there is none).</summary>
    public static string ScheduledId(string replyText)
    {
        var match = ScheduledIdPattern().Match(replyText);
        Assert.True(match.Success, replyText);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"Scheduled (\S+?):")]
    private static partial Regex ScheduledIdPattern();

    /// <summary>Generous: a wait that hits this is a failure, never a normal path.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
