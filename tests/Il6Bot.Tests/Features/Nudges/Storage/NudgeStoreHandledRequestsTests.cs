using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>
/// The record of handled requests, on each provider: it is what keeps a replayed command from changing anything
/// twice when its copies reach different bot processes.
/// </summary>
public abstract partial class NudgeStoreTests
{
    [Fact]
    public async Task A_request_id_is_claimed_once_across_store_instances_and_per_platform()
    {
        var other = await OpenAsync("host-b");

        Assert.True(await Store.TryClaimRequestAsync(Platform.Discord, "1100000000000000001", Ct));
        Assert.False(await other.TryClaimRequestAsync(Platform.Discord, "1100000000000000001", Ct));
        Assert.False(await Store.TryClaimRequestAsync(Platform.Discord, "1100000000000000001", Ct));
        Assert.True(await other.TryClaimRequestAsync(Platform.Slack, "1100000000000000001", Ct));
        Assert.True(await other.TryClaimRequestAsync(Platform.Discord, "1100000000000000002", Ct));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_request_id_from_two_stores_have_exactly_one_winner()
    {
        var other = await OpenAsync("host-b");

        using var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 20).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                return await (i % 2 == 0 ? Store : other).TryClaimRequestAsync(Platform.Slack, "13345224609.738474920.8088930838d88f008e0", Ct);
            },
            Ct)).ToList();
        start.Set();

        Assert.Single(await Task.WhenAll(claims), won => won);
    }

    [Fact]
    public async Task Claims_older_than_the_retention_are_pruned_by_later_claims()
    {
        Assert.True(await Store.TryClaimRequestAsync(Platform.Discord, "old", Ct));
        Clock.Advance(INudgeStore.HandledRequestRetention - TimeSpan.FromSeconds(1));
        Assert.True(await Store.TryClaimRequestAsync(Platform.Discord, "newer", Ct));
        Assert.Equal(2L, Convert.ToInt64(await ScalarRawAsync("SELECT COUNT(*) FROM handled_requests"), System.Globalization.CultureInfo.InvariantCulture));

        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await Store.TryClaimRequestAsync(Platform.Discord, "newest", Ct));

        Assert.Equal(2L, Convert.ToInt64(await ScalarRawAsync("SELECT COUNT(*) FROM handled_requests"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(await Store.TryClaimRequestAsync(Platform.Discord, "newer", Ct));
        Assert.True(await Store.TryClaimRequestAsync(Platform.Discord, "old", Ct));
    }
}
