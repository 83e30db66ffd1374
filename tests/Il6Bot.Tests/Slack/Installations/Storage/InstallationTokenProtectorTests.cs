using Il6Bot.Slack.Installations;
using Il6Bot.Tests.EndToEnd;
using Microsoft.Data.Sqlite;

namespace Il6Bot.Tests.Slack.Installations.Storage;

/// <summary>
/// The tokens' encryption as the store applies it (README "Tokens at rest": purpose bound to the workspace): a
/// ciphertext decrypts only in the row of the workspace it was written for.
/// </summary>
public sealed class InstallationTokenProtectorTests
{
    [Fact]
    public async Task A_token_copied_into_another_workspaces_row_does_not_decrypt_there()
    {
        await using var world = await InstallWorld.StartAsync();
        var host = await world.Slack.StartHostAsync();
        var store = InstallWorld.Contract(host);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var alpha = new SlackInstallation(new(null, "T0ALPHA"), "Alpha", "xoxb-alpha", "UBOT1", "commands", null, at, null, null);
        var beta = alpha with { Team = new(null, "T0BETA"), BotToken = "xoxb-beta" };
        var inGrid = alpha with { Team = new("E0GRID", "T0ALPHA"), BotToken = "xoxb-grid" };
        foreach (var installation in new[] { alpha, beta, inGrid })
        {
            await store.SaveAsync(installation, E2E.Ct);
        }

        // Someone who can write to the database (not read the key ring) copies alpha's ciphertext into the rows of
        // another workspace and of the grid workspace with alpha's team id, to have the bot use alpha's token there.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(host.TempDir, "il6bot.db")};Pooling=False"))
        {
            await connection.OpenAsync(E2E.Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE slack_installations SET bot_token = (SELECT bot_token FROM slack_installations WHERE enterprise_id = '' AND team_id = 'T0ALPHA') " +
                "WHERE NOT (enterprise_id = '' AND team_id = 'T0ALPHA')";
            Assert.Equal(2, await command.ExecuteNonQueryAsync(E2E.Ct));
        }

        // The ciphertext is bound to its workspace: elsewhere it reads as no token at all.
        Assert.Equal(string.Empty, (await store.FindAsync(beta.Team, E2E.Ct))!.BotToken);
        Assert.Equal(string.Empty, (await store.FindAsync(inGrid.Team, E2E.Ct))!.BotToken);
        Assert.Equal(alpha, await store.FindAsync(alpha.Team, E2E.Ct));
    }
}
