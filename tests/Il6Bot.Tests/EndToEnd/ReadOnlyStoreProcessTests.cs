using System.Net;
using System.Runtime.Versioning;
using Il6Bot.Commands;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// Issue 10, item 2: the bot as a real process whose database file turns read-only (chmod 444) and writable again
/// (chmod 644). Root ignores file modes, so a root test process runs the bot as nobody through <c>setpriv</c>.
/// </summary>
public sealed class ReadOnlyStoreProcessTests
{
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ReadWrite = ReadOnly | UnixFileMode.UserWrite;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_read_only_spell_is_answered_plainly_shown_on_healthz_and_over_by_itself_when_the_file_is_writable_again()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Needs Unix file modes (chmod), which Windows does not have.");
        }

        var asUser = BotUser();
        var dir = Directory.CreateTempSubdirectory("il6bot-readonly-").FullName;
        try
        {
            await using var bot = await ConsoleBotProcess.StartAsync(dir, asUser, Ct);
            Assert.Contains("Scheduled n1:", await bot.SendAsync("/nudge schedule #general mon 09:00 UTC", Ct), StringComparison.Ordinal);
            var db = bot.DatabasePath;

            File.SetUnixFileMode(db, ReadOnly);
            for (var i = 0; i < 3; i++)
            {
                var refused = await bot.SendAsync("/nudge schedule #general tue 09:00 UTC", Ct);
                Assert.Contains(CommandEngine.StoreUnavailableText, refused, StringComparison.Ordinal);
            }

            var (status, body) = await bot.HealthAsync(Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains($"store: Unhealthy (database file {db} (or its -wal/-shm) is read-only)", body, StringComparison.Ordinal);

            // Writable again: no restart, the next command and the next health check just work.
            File.SetUnixFileMode(db, ReadWrite);
            var scheduled = await bot.SendAsync("/nudge schedule #general wed 09:00 UTC", Ct);
            Assert.True(scheduled.Contains("Scheduled n2:", StringComparison.Ordinal), scheduled + "\n" + bot.Log);
            (status, body) = await bot.HealthAsync(Ct);
            Assert.True(status == HttpStatusCode.OK, body);
            Assert.Contains("store: Healthy", body, StringComparison.Ordinal);
            var list = await bot.SendAsync("/nudge list", Ct);
            Assert.Contains("2 nudge schedules", list, StringComparison.Ordinal);
            Assert.Contains("Wednesday", list, StringComparison.Ordinal);
            Assert.DoesNotContain("Tuesday", list, StringComparison.Ordinal);

            Assert.Equal(0, await bot.StopAsync(Ct));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Null: run the bot as this process's user, whose file modes the kernel enforces.</summary>
    private static int? BotUser()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return null;
        }

        if (!File.Exists("/usr/bin/setpriv") && !File.Exists("/bin/setpriv"))
        {
            Assert.Skip("Runs as root, which ignores file modes, and setpriv (util-linux) is not installed to run the bot as nobody: install util-linux, or run the tests as a normal user.");
        }

        return ConsoleBotProcess.UnprivilegedId;
    }
}
