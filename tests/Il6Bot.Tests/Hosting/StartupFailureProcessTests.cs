using System.Net;
using System.Net.Sockets;
using Il6Bot.Content;
using Il6Bot.Tests.Content;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Hosting;

/// <summary>
/// What an operator sees when the bot cannot start, from the real process: exit code 1 and one line on
/// stderr naming what to fix (the key, the file:line or the port), no stack trace, no secret.
/// </summary>
public sealed class StartupFailureProcessTests : IDisposable
{
    private const string Secret = "Password=hunter2-not-for-logs";

    private readonly string _dataDir = Directory.CreateTempSubdirectory("il6bot-startup-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Database => $"--Storage:ConnectionString=Data Source={Path.Combine(_dataDir, "bot.db")}";

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task A_malformed_listen_address_stops_start_up_naming_Urls()
    {
        var result = await BotProcess.RunAsync(["--Urls=http://127.0.0.1:notaport", Database], cancellationToken: Ct);

        var line = AssertOneLineFailure(result);
        Assert.StartsWith("Il6Bot did not start: Urls: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_in_a_typed_key_is_named_by_key_and_never_printed()
    {
        var result = await BotProcess.RunAsync(
            ["--Urls=http://127.0.0.1:0", Database],
            new Dictionary<string, string> { ["Storage__Provider"] = Secret, ["Nudges__MisfireGrace"] = Secret },
            Ct);

        var line = AssertOneLineFailure(result);
        Assert.Contains("Storage:Provider must be one of Sqlite, Postgres", line, StringComparison.Ordinal);
        Assert.Contains("Nudges:MisfireGrace must be a duration such as 01:00:00", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_content_stops_start_up_naming_file_and_line()
    {
        using var folder = new TempContentFolder();
        folder.WriteBytes(
            ContentLoader.ArticleFileName,
            [.. System.Text.Encoding.UTF8.GetBytes(TempContentFolder.MinimalArticle), 0xFF, 0xFE, 0xC3, (byte)'(', (byte)'\n']);

        var result = await BotProcess.RunAsync(["--Urls=http://127.0.0.1:0", Database, $"--Content:Path={folder.Path}"], cancellationToken: Ct);

        var line = AssertOneLineFailure(result);
        Assert.Equal($"Il6Bot did not start: {folder.Path}/il6.md:8: not valid UTF-8 (byte 0xFF); save the file as UTF-8", line);
    }

    [Fact]
    public async Task A_port_in_use_is_named_and_nothing_runs_before_the_bind_fails()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var result = await BotProcess.RunAsync([$"--Urls=http://127.0.0.1:{port}", Database, "--Logging:LogLevel:Default=Information"], cancellationToken: Ct);

        var line = AssertOneLineFailure(result);
        Assert.Contains($"http://127.0.0.1:{port}: address already in use", line, StringComparison.Ordinal);
        Assert.Contains("Urls", line, StringComparison.Ordinal);

        // Start-up got as far as the store (logged at Information), yet the scheduler never started.
        Assert.Contains("Nudge store ready", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Nudge scheduler started", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unusable_sqlite_path_is_reported_naming_Storage_ConnectionString()
    {
        var result = await BotProcess.RunAsync(["--Urls=http://127.0.0.1:0", "--Storage:ConnectionString=/proc/il6"], cancellationToken: Ct);

        var line = AssertOneLineFailure(result);
        Assert.StartsWith("Il6Bot did not start: Storage:ConnectionString: ", line, StringComparison.Ordinal);
        Assert.Contains("/proc/il6", line, StringComparison.Ordinal);
    }

    private static string AssertOneLineFailure(BotProcess.Result result)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(result.StderrLines.Length == 1, result.ToString());
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
        return result.StderrLines[0];
    }
}
