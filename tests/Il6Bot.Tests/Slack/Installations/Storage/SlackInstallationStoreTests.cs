using Il6Bot.Slack.Installations;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Slack.Installations.Storage;

/// <summary>The installation store's contract on both providers, through the host's own registration.</summary>
public sealed class SlackInstallationStoreTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Save_find_replace_and_delete_keep_enterprise_and_team_apart(string provider)
    {
        await using var database = provider == "Postgres" ? await PostgresDatabase.CreateAsync(E2E.Ct) : null;
        await using var world = await InstallWorld.StartAsync();
        var store = await StartStoreAsync(world, database);
        var plain = new SlackTeam(null, "T0SAME");
        var grid = new SlackTeam("E0GRID", "T0SAME");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var first = new SlackInstallation(plain, "Plain", "xoxb-plain-1", "UBOT1", "commands", "UINST", at, null, null);
        var inGrid = new SlackInstallation(grid, null, "xoxb-grid-1", "UBOT2", "commands,chat:write", null, at, "xoxe-1-grid", at.AddHours(12));

        await store.SaveAsync(first, E2E.Ct);
        await store.SaveAsync(inGrid, E2E.Ct);
        await store.SaveAsync(first with { BotToken = "xoxb-plain-2", TeamName = "Plain again" }, E2E.Ct);

        Assert.Equal(first with { BotToken = "xoxb-plain-2", TeamName = "Plain again" }, await store.FindAsync(plain, E2E.Ct));
        Assert.Equal(inGrid, await store.FindAsync(grid, E2E.Ct));
        Assert.Null(await store.FindAsync(new SlackTeam(null, "T0OTHER"), E2E.Ct));

        Assert.True(await store.DeleteAsync(plain, E2E.Ct));
        Assert.False(await store.DeleteAsync(plain, E2E.Ct));
        Assert.Null(await store.FindAsync(plain, E2E.Ct));
        Assert.Equal(inGrid, await store.FindAsync(grid, E2E.Ct));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Saving_a_workspace_again_replaces_every_field_of_its_row(string provider)
    {
        await using var database = provider == "Postgres" ? await PostgresDatabase.CreateAsync(E2E.Ct) : null;
        await using var world = await InstallWorld.StartAsync();
        var store = await StartStoreAsync(world, database);
        var team = new SlackTeam(null, "T0SAME");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var first = new SlackInstallation(team, "Old", "xoxb-old", "UBOT1", "commands", "UOLD", at, "xoxe-1-old", at.AddHours(12));

        // A re-install by another member, with other scopes and new rotation tokens: the new refresh token is the only
        // one Slack still takes, and the new installer is the workspace's moderator.
        var again = new SlackInstallation(team, "New", "xoxb-new", "UBOT2", "commands,chat:write", "UNEW", at.AddDays(1), "xoxe-1-new", at.AddDays(1).AddHours(12));
        await store.SaveAsync(first, E2E.Ct);
        await store.SaveAsync(again, E2E.Ct);
        var replaced = await store.FindAsync(team, E2E.Ct);

        // The app's token rotation turned off: the re-install's token does not expire and has nothing to refresh it with.
        var withoutRotation = again with { BotToken = "xoxb-plain", RefreshToken = null, ExpiresAt = null };
        await store.SaveAsync(withoutRotation, E2E.Ct);

        Assert.Equal(again, replaced);
        Assert.Equal(withoutRotation, await store.FindAsync(team, E2E.Ct));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task A_workspace_is_found_by_its_team_id_alone_whatever_its_enterprise(string provider)
    {
        await using var database = provider == "Postgres" ? await PostgresDatabase.CreateAsync(E2E.Ct) : null;
        await using var world = await InstallWorld.StartAsync();
        var store = provider == "InMemory" ? new InMemorySlackInstallationStore() : await StartStoreAsync(world, database);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var inGrid = new SlackInstallation(new("E0GRID", "T0GRID"), "Grid", SlackWorld.BotToken, "UBOT1", "commands", "UINST", at, null, null);
        var plain = new SlackInstallation(new(null, "T0PLAIN"), "Plain", SlackWorld.BotToken, "UBOT2", "commands", null, at, null, null);
        await store.SaveAsync(inGrid, E2E.Ct);
        await store.SaveAsync(plain, E2E.Ct);

        // A schedule knows its workspace's team id only; Slack's team ids are unique across enterprises.
        Assert.Equal(inGrid, await store.FindByTeamIdAsync("T0GRID", E2E.Ct));
        Assert.Equal(plain, await store.FindByTeamIdAsync("T0PLAIN", E2E.Ct));
        Assert.Null(await store.FindByTeamIdAsync("T0OTHER", E2E.Ct));

        Assert.True(await store.DeleteAsync(inGrid.Team, E2E.Ct));
        Assert.Null(await store.FindByTeamIdAsync("T0GRID", E2E.Ct));
    }

    /// <summary>The store the host registers: SQLite in the world's folder, or the given PostgreSQL database.</summary>
    private static async Task<ISlackInstallationStore> StartStoreAsync(InstallWorld world, PostgresDatabase? database)
    {
        var host = await world.Slack.StartHostAsync(settings: database is null ? null : new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = database.ConnectionString,
        });
        return InstallWorld.Contract(host);
    }
}
