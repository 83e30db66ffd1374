using System.Diagnostics;
using System.Runtime.Versioning;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Deployment;

/// <summary>
/// Issue 12: <c>deploy/il6bot.service</c> as systemd itself reads it (Debian's <c>systemd-analyze</c>; .ci/run
/// installs it). <c>verify</c> also checks that ExecStart names an executable file, and no published binary sits
/// at /opt/il6bot here, so the unit is checked as a copy whose ExecStart points at a stand-in; every other line
/// is the shipped one.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SystemdUnitTests
{
    private const string InstalledBinary = "/opt/il6bot/Il6Bot";

    private static string UnitPath => Path.Combine(RepoPaths.Root, "deploy", "il6bot.service");

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_without_a_single_warning()
    {
        using var unit = await UnitCopy.CreateAsync();

        var result = await SystemdAnalyzeAsync(["verify", "--man=no", unit.Path]);

        // verify exits 0 even for unknown keys and unparsable values ("..., ignoring"), so any output is a failure.
        Assert.True(result.ExitCode == 0 && result.Output.Length == 0, result.ToString());
    }

    [Fact]
    public async Task Systemd_analyze_security_rates_the_sandbox_at_most_2_0_of_10()
    {
        using var unit = await UnitCopy.CreateAsync();

        // The threshold is in tenths: the command fails when the exposure is above 2.0 (1.5 when written).
        var result = await SystemdAnalyzeAsync(["security", "--offline=true", "--threshold=20", "--man=no", unit.Path]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task The_unit_notifies_readiness_keeps_secrets_and_state_outside_itself_and_runs_the_installed_binary()
    {
        var lines = (await File.ReadAllLinesAsync(UnitPath, TestContext.Current.CancellationToken))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

        Assert.Contains("Type=notify", lines);
        Assert.Contains("StateDirectory=il6bot", lines);
        Assert.Contains("Environment=\"Storage__ConnectionString=Data Source=%S/il6bot/il6bot.db\"", lines);
        Assert.Contains("EnvironmentFile=/etc/il6bot/il6bot.env", lines);
        Assert.Contains("Environment=Console__Enabled=false", lines);
        Assert.Contains(lines, l => l.StartsWith($"ExecStart={InstalledBinary} ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Token=", StringComparison.OrdinalIgnoreCase) || l.Contains("Secret=", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<ToolResult> SystemdAnalyzeAsync(string[] args)
    {
        var start = new ProcessStartInfo("systemd-analyze")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("systemd-analyze is missing: apt-get install systemd (.ci/run does).", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return new ToolResult(process.ExitCode, (await stdout) + (await stderr));
        }
    }

    private sealed record ToolResult(int ExitCode, string Output)
    {
        public override string ToString() => $"exit code {ExitCode}\n{Output}";
    }

    /// <summary>The shipped unit, named il6bot.service, in a temp folder with ExecStart on an executable stand-in.</summary>
    private sealed class UnitCopy : IDisposable
    {
        private readonly string _dir;

        private UnitCopy(string dir)
        {
            _dir = dir;
        }

        public string Path => System.IO.Path.Combine(_dir, "il6bot.service");

        public static async Task<UnitCopy> CreateAsync()
        {
            var copy = new UnitCopy(Directory.CreateTempSubdirectory("il6bot-unit-").FullName);
            var binary = System.IO.Path.Combine(copy._dir, "Il6Bot");
            await File.WriteAllTextAsync(binary, "#!/bin/sh\nexit 0\n", TestContext.Current.CancellationToken);
            File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var unit = await File.ReadAllTextAsync(UnitPath, TestContext.Current.CancellationToken);
            Assert.Contains($"ExecStart={InstalledBinary} ", unit, StringComparison.Ordinal);
            await File.WriteAllTextAsync(copy.Path, unit.Replace($"ExecStart={InstalledBinary} ", $"ExecStart={binary} ", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            return copy;
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}
