using System.Globalization;
using Il6Bot.Transports.Replay;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Transports.Replay;

public sealed class RecentIdsTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private RecentIds Ids(int capacity = 64) => new(capacity, Lifetime, _clock);

    [Fact]
    public void An_id_is_new_the_first_time_and_seen_before_every_time_after_within_its_lifetime()
    {
        var ids = Ids();

        Assert.False(ids.SeenBefore("1.1.trigger"));
        Assert.True(ids.SeenBefore("1.1.trigger"));
        _clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(ids.SeenBefore("1.1.trigger"));
        Assert.False(ids.SeenBefore("2.1.trigger"));
    }

    [Fact]
    public void An_id_is_new_again_once_the_lifetime_of_its_first_sighting_has_passed()
    {
        var ids = Ids();
        Assert.False(ids.SeenBefore("1.1.trigger"));

        // Seeing it again does not extend the first sighting's lifetime.
        _clock.Advance(Lifetime / 2);
        Assert.True(ids.SeenBefore("1.1.trigger"));
        _clock.Advance(Lifetime / 2);

        Assert.False(ids.SeenBefore("1.1.trigger"));
        Assert.True(ids.SeenBefore("1.1.trigger"));
        Assert.Equal(1, ids.Count);
    }

    [Fact]
    public void The_table_is_sized_once_and_never_holds_more_than_its_capacity_however_many_ids_arrive()
    {
        var ids = Ids(capacity: 30);
        Assert.Equal(64, ids.Capacity);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.False(ids.SeenBefore(Id(i)), Id(i));
        }

        Assert.Equal(64, ids.Capacity);
        Assert.InRange(ids.Count, 1, 64);
        Assert.True(ids.SeenBefore(Id(9_999)));
    }

    [Fact]
    public void Well_below_its_capacity_every_id_of_the_lifetime_is_remembered()
    {
        var ids = Ids(capacity: 4_096);

        for (var i = 0; i < 100; i++)
        {
            Assert.False(ids.SeenBefore(Id(i)));
        }

        Assert.All(Enumerable.Range(0, 100), i => Assert.True(ids.SeenBefore(Id(i)), Id(i)));
        Assert.Equal(100, ids.Count);
    }

    private static string Id(int i) => i.ToString(CultureInfo.InvariantCulture) + ".4242.trigger";
}
