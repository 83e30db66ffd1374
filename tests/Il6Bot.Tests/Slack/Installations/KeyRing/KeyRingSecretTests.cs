using System.Net;
using Il6Bot.Hosting;
using Il6Bot.Slack.Installations;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Slack.Installations.KeyRing;

/// <summary>
/// <c>Slack:TokenEncryptionKey</c> against the key ring already in the store: a different key, or none for a sealed
/// ring, stops start-up with a message naming the key (never a value); keys stored in the clear before the key was set
/// are sealed at start-up, with one warning, and the tokens they encrypted still read.
/// </summary>
public sealed class KeyRingSecretTests
{
    private static readonly string OtherKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray());

    [Fact]
    public async Task A_host_with_a_different_key_on_the_same_PostgreSQL_does_not_start()
    {
        await using var database = await PostgresDatabase.CreateAsync(E2E.Ct);
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var first = await world.StartHostAsync(settings: Postgres(database, "il6bot-keys-a"));
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(first)).Status);

        var settings = Postgres(database, "il6bot-keys-b");
        settings["Slack:TokenEncryptionKey"] = OtherKey;
        var error = await Assert.ThrowsAsync<StartupException>(() => world.StartHostAsync(settings: settings));

        Assert.Contains("Slack:TokenEncryptionKey does not open the key ring in the database (was it changed?)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OtherKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(InstallWorld.TokenEncryptionKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(OtherKey, world.LogText(), StringComparison.Ordinal);

        // The ring is untouched: the first host, and a new one with the right key, still read the token.
        var token = world.Slack.Fake.LastTokenFor("T0ALPHA");
        Assert.Equal(token, (await InstallWorld.Contract(first).FindAsync(new(null, "T0ALPHA"), E2E.Ct))!.BotToken);
        var again = await world.StartHostAsync(settings: Postgres(database, "il6bot-keys-c"));
        Assert.Equal(token, (await InstallWorld.Contract(again).FindAsync(new(null, "T0ALPHA"), E2E.Ct))!.BotToken);
    }

    [Fact]
    public async Task A_host_without_the_key_on_a_sealed_SQLite_key_ring_does_not_start()
    {
        await using var world = await InstallWorld.StartAsync();
        var dataFolder = await SealedSqliteKeyRingAsync(world);

        var error = await Assert.ThrowsAsync<StartupException>(() => world.StartHostAsync(
            dataFolder, new Dictionary<string, string?> { ["Slack:TokenEncryptionKey"] = string.Empty }));

        Assert.Contains("Slack:TokenEncryptionKey is not set, but the key ring in the folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("data-protection-keys is encrypted with one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_workspace_host_on_a_sealed_key_ring_starts_without_the_key_it_never_needs()
    {
        await using var world = await InstallWorld.StartAsync();
        var dataFolder = await SealedSqliteKeyRingAsync(world);

        // The same data folder, now one workspace by Slack:BotToken: no install flow reads the ring, so no key is asked.
        var single = await world.Slack.StartHostAsync(dataFolder);

        var (status, body) = await SlackWorld.SendAsync(single, world.Slack.SignCommand("/il6", "myokine"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("myokine", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Keys_stored_in_the_clear_before_the_key_was_set_are_sealed_at_start_up_and_still_open_their_tokens()
    {
        await using var database = await PostgresDatabase.CreateAsync(E2E.Ct);
        await using var world = await InstallWorld.StartAsync();

        // Before the key: a bot on PostgreSQL without the install flow stores an installation (and a plain key).
        var before = await world.Slack.StartHostAsync(settings: Postgres(database, "il6bot-keys-before"));
        var installation = new SlackInstallation(
            new SlackTeam(null, "T0OLD"), "Old Lifters", "xoxb-old", "UBOT", "commands", "UINST", world.Slack.Clock.GetUtcNow(), null, null);
        await InstallWorld.Contract(before).SaveAsync(installation, E2E.Ct);
        Assert.Contains("masterKey", KeyRingText(await database.DumpAsync(E2E.Ct)), StringComparison.Ordinal);
        await world.Slack.StopAsync(before);

        var after = await world.StartHostAsync(settings: Postgres(database, "il6bot-keys-after"));
        var again = await world.StartHostAsync(settings: Postgres(database, "il6bot-keys-again"));

        var keyRing = KeyRingText(await database.DumpAsync(E2E.Ct));
        Assert.DoesNotContain("masterKey", keyRing, StringComparison.Ordinal);
        Assert.StartsWith("<encryptedKey", keyRing, StringComparison.Ordinal);
        foreach (var host in new[] { after, again })
        {
            Assert.Equal(installation, await InstallWorld.Contract(host).FindAsync(installation.Team, E2E.Ct));
        }

        // One warning, from the start that sealed them; the next start finds nothing to seal.
        var warning = Assert.Single(world.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("stored unencrypted", StringComparison.Ordinal));
        Assert.Contains("1 Data Protection key(s) in the database were stored unencrypted before Slack:TokenEncryptionKey was set", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(InstallWorld.TokenEncryptionKey, world.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_stored_in_the_clear_in_the_SQLite_data_folder_are_sealed_at_start_up_and_still_open_their_tokens()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var dataFolder = world.Slack.NewTempDir();
        var keyFolder = Path.Combine(dataFolder, "data-protection-keys");

        // With SQLite the key is optional: installed before it was set, the key ring is in the data folder in the clear.
        var before = await world.StartHostAsync(dataFolder, new Dictionary<string, string?> { ["Slack:TokenEncryptionKey"] = string.Empty });
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(before)).Status);
        await world.Slack.StopAsync(before);
        Assert.Contains("masterKey", FolderText(keyFolder), StringComparison.Ordinal);

        var after = await world.StartHostAsync(dataFolder);

        // Each key file is replaced by its sealed form, and nothing half-written is left beside them.
        var files = Directory.GetFiles(keyFolder);
        Assert.NotEmpty(files);
        Assert.All(files, file =>
        {
            Assert.EndsWith(".xml", file, StringComparison.Ordinal);
            Assert.Contains("<encryptedKey version=\"1\"", File.ReadAllText(file), StringComparison.Ordinal);
            Assert.DoesNotContain("masterKey", File.ReadAllText(file), StringComparison.Ordinal);
        });
        Assert.Equal(world.Slack.Fake.LastTokenFor("T0ALPHA"), (await InstallWorld.Contract(after).FindAsync(new(null, "T0ALPHA"), E2E.Ct))!.BotToken);
        var warning = Assert.Single(world.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("stored unencrypted", StringComparison.Ordinal));
        Assert.Contains("1 Data Protection key(s) in the folder " + keyFolder, warning.Message, StringComparison.Ordinal);
    }

    /// <summary>A data folder whose SQLite key ring was sealed by an install through a stopped host.</summary>
    private static async Task<string> SealedSqliteKeyRingAsync(InstallWorld world)
    {
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var dataFolder = world.Slack.NewTempDir();
        var first = await world.StartHostAsync(dataFolder);
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(first)).Status);
        await world.Slack.StopAsync(first);
        return dataFolder;
    }

    private static Dictionary<string, string?> Postgres(PostgresDatabase database, string name) => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = database.ConnectionStringFor(name),
    };

    private static string FolderText(string folder) => string.Join('\n', Directory.GetFiles(folder).Select(File.ReadAllText));

    private static string KeyRingText(IReadOnlyDictionary<string, IReadOnlyList<System.Text.Json.JsonElement>> dump) =>
        string.Join('\n', dump["data_protection_keys"].Select(row => row.GetProperty("xml").GetString()));
}
