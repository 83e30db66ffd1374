using System.Net;
using System.Xml.Linq;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Installations.KeyRing;
using Il6Bot.Slack.Installations.Storage;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.Installations.KeyRing;

/// <summary>
/// "A database dump alone reveals no token": after an install through the real host on PostgreSQL, every row of
/// every table is read as a dump holds it. No token is in it, and the key ring rows in it, given to Data Protection
/// as they are, do not decrypt the stored token; only with <c>Slack:TokenEncryptionKey</c> do they.
/// </summary>
public sealed class KeyRingDumpTests
{
    private static readonly SlackTeam Team = new(null, "T0ALPHA");

    [Fact]
    public async Task A_dump_of_every_table_holds_no_token_and_its_key_ring_opens_none_without_the_secret()
    {
        await using var database = await PostgresDatabase.CreateAsync(E2E.Ct);
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace(Team.TeamId, "Alpha Lifters");
        world.Slack.Fake.TokenRotation = true;
        var host = await world.StartHostAsync(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = database.ConnectionString,
        });
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(host)).Status);
        var installed = (await InstallWorld.Contract(host).FindAsync(Team, E2E.Ct))!;
        Assert.StartsWith("xoxb-", installed.BotToken, StringComparison.Ordinal);
        Assert.StartsWith("xoxe-", installed.RefreshToken, StringComparison.Ordinal);

        var dump = await database.DumpAsync(E2E.Ct);

        Assert.Contains("slack_installations", dump.Keys);
        Assert.Contains("data_protection_keys", dump.Keys);
        var everything = string.Join('\n', dump.Values.SelectMany(rows => rows).Select(row => row.GetRawText()));
        Assert.DoesNotContain(installed.BotToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(installed.RefreshToken!, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb-", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxe-", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("masterKey", everything, StringComparison.Ordinal);

        var keyRing = dump["data_protection_keys"].Select(row => XElement.Parse(row.GetProperty("xml").GetString()!)).ToList();
        Assert.NotEmpty(keyRing);
        var installation = Assert.Single(dump["slack_installations"]);
        var botTokenCiphertext = installation.GetProperty("bot_token").GetString()!;
        var refreshTokenCiphertext = installation.GetProperty("refresh_token").GetString()!;

        var withoutSecret = Protector(new DumpedKeyRing(keyRing));
        Assert.Null(withoutSecret.Unprotect(Team, botTokenCiphertext));
        Assert.Null(withoutSecret.Unprotect(Team, refreshTokenCiphertext));

        var cipher = KeyRingCipher.FromSecret(InstallWorld.TokenEncryptionKey)!;
        var withSecret = Protector(new EncryptedXmlRepository(new DumpedKeyRing(keyRing), cipher, "the dump"));
        Assert.Equal(installed.BotToken, withSecret.Unprotect(Team, botTokenCiphertext));
        Assert.Equal(installed.RefreshToken, withSecret.Unprotect(Team, refreshTokenCiphertext));
    }

    /// <summary>Data Protection as the bot sets it up, over the given key ring, never making a key of its own.</summary>
    private static InstallationTokenProtector Protector(IXmlRepository keyRing)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection()
            .SetApplicationName(SlackInstallationServiceCollectionExtensions.DataProtectionApplicationName)
            .DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = keyRing);
        return new InstallationTokenProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>);
    }

    /// <summary>The key ring rows of a dump, read-only.</summary>
    private sealed class DumpedKeyRing(IReadOnlyCollection<XElement> elements) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => elements;

        public void StoreElement(XElement element, string friendlyName) =>
            throw new InvalidOperationException("A dump's key ring is only read.");
    }
}
