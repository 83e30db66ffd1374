using System.Text.Json;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// <c>/nudge edit</c>, <c>skip</c> and <c>mention</c> through the real host: signed interactions in, the exact
/// message bodies out to the fake Discord, a restart on the same store file.
/// </summary>
public sealed class DiscordNudgeEditEndToEndTests : IAsyncLifetime
{
    private const string Role = "5550001";

    private DiscordWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await DiscordWorld.StartAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Mention_is_registered_as_a_role_picker_and_undo_as_a_boolean()
    {
        await _world.StartHostAsync();
        var registration = Assert.Single(_world.Fake.Requests, r => r.Method == "PUT");
        var nudge = JsonDocument.Parse(registration.Body).RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "nudge");
        var subcommands = nudge.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o);

        int TypeOf(string subcommand, string option) =>
            subcommands[subcommand].GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == option).GetProperty("type").GetInt32();

        Assert.Equal((8, 8, 5), (TypeOf("schedule", "mention"), TypeOf("edit", "mention"), TypeOf("skip", "undo")));
        Assert.Equal((3, 7), (TypeOf("edit", "topics"), TypeOf("edit", "channel")));
    }

    [Fact]
    public async Task A_nudge_pings_exactly_its_role_in_content_with_allowed_mentions_naming_only_it()
    {
        var host = await _world.StartHostAsync();
        var answer = await _world.NudgeAsync(host, "schedule", DiscordWorld.ManageGuild,
            ("channel", DiscordWorld.Channel), ("day", "mon"), ("time", "09:00"), ("timezone", "Europe/Berlin"), ("mention", Role));
        Assert.Contains($"pings group {Role}", answer.Text, StringComparison.Ordinal);

        Assert.Equal(1, (await _world.TickAtAsync(host, DiscordWorld.FirstMonday)).Posted);

        var body = JsonDocument.Parse(Assert.Single(_world.MessagePosts()).Body).RootElement;
        Assert.Equal($"<@&{Role}>", body.GetProperty("content").GetString());
        Assert.Equal($$"""{"parse":[],"roles":["{{Role}}"]}""", body.GetProperty("allowed_mentions").GetRawText());
        Assert.True(body.GetProperty("embeds").GetArrayLength() > 0);
    }

    [Fact]
    public async Task The_everyone_role_is_refused_and_a_mention_can_be_taken_off()
    {
        var host = await _world.StartHostAsync();
        var refused = await _world.NudgeAsync(host, "schedule", DiscordWorld.ManageGuild,
            ("channel", DiscordWorld.Channel), ("day", "mon"), ("time", "09:00"), ("mention", DiscordWorld.Guild));
        Assert.True(refused.Ephemeral);
        Assert.Contains("A nudge never pings `@everyone`", refused.Text, StringComparison.Ordinal);
        Assert.Contains("No nudges are scheduled here", (await _world.NudgeAsync(host, "list")).Text, StringComparison.Ordinal);

        var id = await _world.ScheduleAsync(host);
        await _world.NudgeAsync(host, "edit", DiscordWorld.ManageGuild, ("id", id), ("mention", Role));
        var cleared = await _world.NudgeAsync(host, "edit", DiscordWorld.ManageGuild, ("id", id), ("clear", "mention"));
        Assert.Contains("pings nobody", cleared.Text, StringComparison.Ordinal);
        await _world.TickAtAsync(host, DiscordWorld.FirstMonday);

        var body = JsonDocument.Parse(Assert.Single(_world.MessagePosts()).Body).RootElement;
        Assert.False(body.TryGetProperty("content", out _));
        Assert.Equal("""{"parse":[]}""", body.GetProperty("allowed_mentions").GetRawText());
    }

    [Fact]
    public async Task A_member_cannot_edit_and_a_moderators_edit_moves_the_post()
    {
        var host = await _world.StartHostAsync();
        var id = await _world.ScheduleAsync(host);

        var refused = await _world.NudgeAsync(host, "edit", DiscordWorld.Member, ("id", id), ("time", "10:00"));
        Assert.Contains("Only moderators", refused.Text, StringComparison.Ordinal);

        var edited = await _world.NudgeAsync(host, "edit", DiscordWorld.ManageGuild, ("id", id), ("time", "10:00"));
        Assert.True(edited.Ephemeral);
        Assert.Contains($"Edited {id}: every Monday 10:00 Europe/Berlin", edited.Text, StringComparison.Ordinal);
        Assert.Equal([DiscordWorld.FirstMonday.AddHours(1), DiscordWorld.FirstMonday.AddHours(1).AddDays(7)], edited.Timestamps.Take(2));

        Assert.Equal(0, (await _world.TickAtAsync(host, DiscordWorld.FirstMonday)).Posted);
        Assert.Equal(1, (await _world.TickAtAsync(host, DiscordWorld.FirstMonday.AddHours(1))).Posted);
        Assert.Single(_world.MessagePosts());
    }

    [Fact]
    public async Task A_skip_holds_through_a_restart_and_is_listed_as_skipped_not_failed()
    {
        var dir = _world.NewTempDir();
        var first = await _world.StartHostAsync(dir);
        var id = await _world.ScheduleAsync(first);
        var skipped = await _world.NudgeAsync(first, "skip", DiscordWorld.ManageGuild, ("id", id));
        Assert.Contains($"Skipped {id}'s run of Mon 2 Mar 2026 09:00 Europe/Berlin", skipped.Text, StringComparison.Ordinal);
        await _world.StopAsync(first);

        var second = await _world.StartHostAsync(dir);
        Assert.Contains("is skipped", (await _world.NudgeAsync(second, "list")).Text, StringComparison.Ordinal);
        Assert.Equal(1, (await _world.TickAtAsync(second, DiscordWorld.FirstMonday)).Skipped);
        Assert.Empty(_world.MessagePosts());
        var list = await _world.NudgeAsync(second, "list");
        Assert.Contains("Last result: skipped 2026-03-02 09:00 Europe/Berlin: skipped by a moderator (/nudge skip)", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILING", list.Text, StringComparison.Ordinal);

        // The week after: skip, undo (a Discord boolean), and it posts as usual.
        await _world.NudgeAsync(second, "skip", DiscordWorld.ManageGuild, ("id", id));
        await _world.NudgeAsync(second, "skip", DiscordWorld.ManageGuild, ("id", id), ("undo", "true"));
        Assert.Equal(1, (await _world.TickAtAsync(second, DiscordWorld.FirstMonday.AddDays(7))).Posted);
    }
}
