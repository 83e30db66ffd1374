using System.Net;
using System.Text.Json;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// Copies of one signed <c>/nudge schedule</c> sent at once to two bot processes' worth of hosts on one database
/// (a SQLite file, or PostgreSQL when <c>IL6BOT_POSTGRES</c> is set): the memory of answers is per process, the
/// record of handled requests is in the store, so exactly one schedule is made. Each host answers all its copies
/// alike: the one that won with the schedule, the other saying the request was already handled.
/// </summary>
public sealed class ReplayAcrossHostsEndToEndTests
{
    private const int Copies = 10;

    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_discord_interaction_replayed_to_two_hosts_schedules_once(string store)
    {
        await using var database = await DatabaseAsync(store);
        await using var world = await DiscordWorld.StartAsync();
        var dir = world.NewTempDir();
        BotHost[] hosts = [await world.StartHostAsync(dir, Settings(database, "a")), await world.StartHostAsync(dir, Settings(database, "b"))];
        var body = world.NudgeBody(DiscordWorld.Guild, "schedule", DiscordWorld.ManageGuild, ("channel", DiscordWorld.Channel), ("day", "mon"), ("time", "09:00"));
        var timestamp = world.Signer.Timestamp();

        var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(async i =>
        {
            var (status, answer) = await world.SendAsync(hosts[i % 2], body, timestamp);
            Assert.Equal(HttpStatusCode.OK, status);
            return (Host: i % 2, Text: new DiscordAnswer(JsonDocument.Parse(answer).RootElement.Clone()).Text);
        }));

        AssertOneScheduledAndOneAlreadyHandled(answers);
        foreach (var host in hosts)
        {
            Assert.Contains("1 nudge schedule:", (await world.NudgeAsync(host, "list")).Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_slack_command_replayed_to_two_hosts_schedules_once(string store)
    {
        await using var database = await DatabaseAsync(store);
        await using var world = await SlackWorld.StartAsync();
        var dir = world.NewTempDir();
        BotHost[] hosts = [await world.StartHostAsync(dir, Settings(database, "a")), await world.StartHostAsync(dir, Settings(database, "b"))];
        var signed = world.SignNudge("schedule <#C123|general> mon 09:00");

        var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(async i =>
        {
            var (status, answer) = await SlackWorld.SendAsync(hosts[i % 2], signed);
            Assert.Equal(HttpStatusCode.OK, status);
            return (Host: i % 2, Text: new SlackAnswer(JsonDocument.Parse(answer).RootElement.Clone()).Text);
        }));

        AssertOneScheduledAndOneAlreadyHandled(answers);
        foreach (var host in hosts)
        {
            Assert.Contains("1 nudge schedule:", (await world.NudgeAsync(host, "list")).Text, StringComparison.Ordinal);
        }
    }

    private static void AssertOneScheduledAndOneAlreadyHandled((int Host, string Text)[] answers)
    {
        var byHost = answers.GroupBy(a => a.Host).Select(g => Assert.Single(g.Select(a => a.Text).Distinct())).ToList();
        Assert.Equal(2, byHost.Count);
        var scheduled = Assert.Single(byHost, text => text.Contains("Scheduled n1:", StringComparison.Ordinal));
        var refused = Assert.Single(byHost, text => text != scheduled);
        Assert.Contains("already handled", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Scheduled", refused, StringComparison.Ordinal);
    }

    /// <summary>Null for SQLite (the hosts share the world's temp folder); a fresh schema otherwise, or a skip.</summary>
    private static async Task<PostgresDatabase?> DatabaseAsync(string store) =>
        store == "postgres" ? await PostgresDatabase.CreateAsync(E2E.Ct) : null;

    private static Dictionary<string, string?> Settings(PostgresDatabase? database, string host) => database is null
        ? []
        : new()
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = database.ConnectionStringFor("il6bot-replay-" + host),
        };
}
