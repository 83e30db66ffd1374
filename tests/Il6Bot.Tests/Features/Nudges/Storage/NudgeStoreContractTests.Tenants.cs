using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>This part: changes to every schedule of one tenant (a Slack workspace that uninstalled the app).</summary>
public abstract partial class NudgeStoreContractTests<TStore>
{
    [Fact]
    public async Task Pausing_a_tenant_pauses_its_active_schedules_and_no_one_elses()
    {
        var first = await Store.CreateAsync(NewSchedule(tenant: "T1", platform: Platform.Slack), Ct);
        var second = await Store.CreateAsync(NewSchedule(tenant: "T1", platform: Platform.Slack, channel: "chan-2"), Ct);
        var cancelled = await Store.CreateAsync(NewSchedule(tenant: "T1", platform: Platform.Slack), Ct);
        await Store.CancelAsync(Platform.Slack, "T1", cancelled.Id, Ct);
        var otherTenant = await Store.CreateAsync(NewSchedule(tenant: "T2", platform: Platform.Slack), Ct);
        var otherPlatform = await Store.CreateAsync(NewSchedule(tenant: "T1", platform: Platform.Discord), Ct);
        var now = Clock.GetUtcNow();

        var paused = await ((INudgeStore)Store).PauseTenantAsync(Platform.Slack, "T1", "paused: the app was removed", now, Ct);

        Assert.Equal(2, paused);
        Assert.All(await Store.ListAsync(Platform.Slack, "T1", Ct), s => Assert.True(s.Paused));
        Assert.Equal([first.Id, second.Id], (await Store.ListAsync(Platform.Slack, "T1", Ct)).Select(s => s.Id));
        Assert.False((await Store.GetAsync(Platform.Slack, "T2", otherTenant.Id, Ct))!.Paused);
        Assert.False((await Store.GetAsync(Platform.Discord, "T1", otherPlatform.Id, Ct))!.Paused);
        Assert.Equal([otherTenant.Id, otherPlatform.Id], (await Store.GetDueAsync(Occurrence, 10, Ct)).Select(s => s.Id).Order());
        Assert.Equal(0, await ((INudgeStore)Store).PauseTenantAsync(Platform.Slack, "T1", "again", now, Ct));

        // The database stores keep the reason as the last result, for /nudge list; the in-memory test double pauses
        // through the interface's default, which has nowhere to keep it.
        if (Store is AdoNudgeStore)
        {
            var reasons = (await Store.ListAsync(Platform.Slack, "T1", Ct)).Select(s => (s.LastResult, s.LastResultAt?.ToUnixTimeMilliseconds()));
            Assert.All(reasons, reason => Assert.Equal<(string?, long?)>(("paused: the app was removed", now.ToUnixTimeMilliseconds()), reason));
        }
    }
}
