using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>The store contract for <c>/nudge edit</c>, <c>/nudge skip</c>, mentions and topics.</summary>
public abstract partial class NudgeStoreContractTests<TStore>
{
    private const string Local = "2026-11-30 09:00 Europe/Berlin";

    [Fact]
    public async Task Mention_and_topics_given_at_creation_round_trip()
    {
        var created = await Store.CreateAsync(NewSchedule() with { Mention = MentionTarget.Group("555"), Topics = "how,fat-and-muscle" }, Ct);
        var here = await Store.CreateAsync(NewSchedule() with { Mention = MentionTarget.Here }, Ct);

        var stored = await Store.GetAsync(Platform.Discord, "guild-1", created.Id, Ct);
        Assert.Equal(created, stored);
        Assert.Equal((MentionTarget.Group("555"), "how,fat-and-muscle"), (stored!.Mention, stored.Topics));
        Assert.Equal(MentionTarget.Here, (await Store.GetAsync(Platform.Discord, "guild-1", here.Id, Ct))!.Mention);
        Assert.Null(stored.EditedBy);
        Assert.Equal("mod-1", stored.Owner);
    }

    [Fact]
    public async Task An_update_writes_every_editable_field_and_keeps_id_rotation_creator_and_history()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        var delivery = await Store.TryClaimAsync(schedule.Id, Occurrence, Local, NextWeek, Ct);
        var before = (await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!;
        var editedAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var after = before with
        {
            ChannelId = "chan-9",
            Day = DayOfWeek.Tuesday,
            LocalTime = new TimeOnly(7, 30),
            TimeZoneId = "America/New_York",
            NextRunUtc = NextWeek.AddHours(30),
            Mention = MentionTarget.Group("role-7"),
            Topics = "how",
            SkipUtc = NextWeek.AddHours(30),
            EditedBy = "mod-2",
            EditedAt = editedAt,
        };

        Assert.True(await Store.TryUpdateAsync(before, after, Ct));

        var stored = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.Equal(after, stored);
        Assert.Equal((1, "mod-1", "mod-2"), (stored!.RotationPosition, stored.CreatedBy, stored.Owner));
        Assert.Equal([delivery!], await Store.GetDeliveriesAsync(schedule.Id, Ct));
        Assert.Equal([schedule.Id], (await Store.GetDueAsync(after.NextRunUtc, 10, Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task An_update_computed_before_a_claim_skip_or_other_edit_changes_nothing()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        var other = await OpenAsync("host-b");
        var moved = schedule with { LocalTime = new TimeOnly(10, 0), NextRunUtc = Occurrence.AddHours(1), EditedBy = "mod-2", EditedAt = Clock.GetUtcNow() };

        // The scheduler on another host claims the occurrence the edit was computed from.
        Assert.NotNull(await other.TryClaimAsync(schedule.Id, Occurrence, Local, NextWeek, Ct));
        Assert.False(await Store.TryUpdateAsync(schedule, moved, Ct));
        var claimed = (await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!;
        Assert.Equal((NextWeek, new TimeOnly(9, 0), 1), (claimed.NextRunUtc, claimed.LocalTime, claimed.RotationPosition));

        // A skip mark set meanwhile, then an edit meanwhile: each makes an edit computed earlier lose.
        Assert.True(await Store.TrySetSkipAsync(Platform.Discord, "guild-1", schedule.Id, NextWeek, skip: true, Ct));
        Assert.False(await Store.TryUpdateAsync(claimed, claimed with { Topics = "how", EditedBy = "mod-2", EditedAt = Clock.GetUtcNow() }, Ct));
        var skipped = (await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!;
        Assert.True(await other.TryUpdateAsync(skipped, skipped with { Topics = "what", EditedBy = "mod-3", EditedAt = Clock.GetUtcNow() }, Ct));
        Assert.False(await Store.TryUpdateAsync(skipped, skipped with { Topics = "how", EditedBy = "mod-2", EditedAt = Clock.GetUtcNow().AddSeconds(1) }, Ct));

        var stored = (await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!;
        Assert.Equal(("what", "mod-3", (DateTimeOffset?)NextWeek), (stored.Topics, stored.EditedBy, stored.SkipUtc));
    }

    [Fact]
    public async Task Nobody_updates_or_skips_another_tenants_or_a_cancelled_schedule()
    {
        var theirs = await Store.CreateAsync(NewSchedule(tenant: "guild-2"), Ct);
        var mine = theirs with { TenantId = "guild-1" };

        Assert.False(await Store.TryUpdateAsync(mine, mine with { ChannelId = "x" }, Ct));
        Assert.False(await Store.TrySetSkipAsync(Platform.Discord, "guild-1", theirs.Id, Occurrence, skip: true, Ct));
        await Store.CancelAsync(Platform.Discord, "guild-2", theirs.Id, Ct);
        Assert.False(await Store.TryUpdateAsync(theirs, theirs with { ChannelId = "x" }, Ct));
        Assert.False(await Store.TrySetSkipAsync(Platform.Discord, "guild-2", theirs.Id, Occurrence, skip: true, Ct));
        Assert.Equal("chan-1", (await Store.FindByIdAsync(theirs.Id, Ct))!.ChannelId);
    }

    [Fact]
    public async Task A_skip_mark_is_only_ever_on_the_next_run_and_undo_clears_it()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);

        Assert.False(await Store.TrySetSkipAsync(Platform.Discord, "guild-1", schedule.Id, NextWeek, skip: true, Ct));
        Assert.False(await Store.TrySetSkipAsync(Platform.Discord, "guild-1", schedule.Id, Occurrence, skip: false, Ct));
        Assert.True(await Store.TrySetSkipAsync(Platform.Discord, "guild-1", schedule.Id, Occurrence, skip: true, Ct));
        Assert.Equal(Occurrence, (await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!.SkipUtc);

        Assert.True(await Store.TrySetSkipAsync(Platform.Discord, "guild-1", schedule.Id, Occurrence, skip: false, Ct));
        Assert.Null((await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!.SkipUtc);

        await Store.SetPausedAsync(Platform.Discord, "guild-1", schedule.Id, paused: true, Occurrence, Ct);
        Assert.False(await Store.TrySetSkipAsync(Platform.Discord, "guild-1", schedule.Id, Occurrence, skip: true, Ct));
    }

    [Fact]
    public async Task A_marked_occurrence_skipped_by_the_scheduler_is_recorded_skipped_and_the_mark_cleared()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        Assert.True(await Store.TrySetSkipAsync(Platform.Discord, "guild-1", schedule.Id, Occurrence, skip: true, Ct));

        Assert.True(await Store.TrySkipAsync(schedule.Id, Occurrence, Local, NextWeek, "skipped by a moderator", Ct));

        var stored = (await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!;
        Assert.Equal((NextWeek, 0, (DateTimeOffset?)null), (stored.NextRunUtc, stored.RotationPosition, stored.SkipUtc));
        Assert.Equal($"skipped {Local}: skipped by a moderator", stored.LastResult);
        var delivery = Assert.Single(await Store.GetDeliveriesAsync(schedule.Id, Ct));
        Assert.Equal((DeliveryState.Skipped, "skipped by a moderator"), (delivery.State, delivery.Error));
    }

    [Fact]
    public async Task Resume_keeps_a_skip_mark_only_when_it_is_still_the_next_run()
    {
        var kept = await Store.CreateAsync(NewSchedule(), Ct);
        var dropped = await Store.CreateAsync(NewSchedule(channel: "chan-2"), Ct);
        foreach (var schedule in new[] { kept, dropped })
        {
            Assert.True(await Store.TrySetSkipAsync(Platform.Discord, "guild-1", schedule.Id, Occurrence, skip: true, Ct));
            await Store.SetPausedAsync(Platform.Discord, "guild-1", schedule.Id, paused: true, Occurrence, Ct);
        }

        await Store.SetPausedAsync(Platform.Discord, "guild-1", kept.Id, paused: false, Occurrence, Ct);
        await Store.SetPausedAsync(Platform.Discord, "guild-1", dropped.Id, paused: false, NextWeek, Ct);

        Assert.Equal(Occurrence, (await Store.GetAsync(Platform.Discord, "guild-1", kept.Id, Ct))!.SkipUtc);
        Assert.Null((await Store.GetAsync(Platform.Discord, "guild-1", dropped.Id, Ct))!.SkipUtc);
    }
}
