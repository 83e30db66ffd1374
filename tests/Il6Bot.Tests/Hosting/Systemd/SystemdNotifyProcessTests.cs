using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Hosting.Systemd;

/// <summary>
/// Issue 12: under <c>Type=notify</c> the bot tells the service manager when it is ready and when it stops. The
/// test plays systemd's part: a unix datagram socket in <c>NOTIFY_SOCKET</c>, then SIGTERM.
/// </summary>
public sealed class SystemdNotifyProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_reaches_NOTIFY_SOCKET_after_start_and_stopping_on_SIGTERM_then_a_clean_exit()
    {
        using var supervisor = new Supervisor();
        await using var bot = supervisor.Start();

        Assert.Equal("READY=1", await supervisor.ReceiveAsync(bot));

        var exit = bot.TerminateAsync(Ct);
        Assert.Equal("STOPPING=1", await supervisor.ReceiveAsync(bot));
        Assert.Equal(0, await exit);
    }

    [Fact]
    public async Task With_FormatterName_json_every_log_line_is_one_JSON_object_for_a_log_shipper()
    {
        using var supervisor = new Supervisor();
        await using var bot = supervisor.Start("--Logging:Console:FormatterName=json");
        Assert.Equal("READY=1", await supervisor.ReceiveAsync(bot));
        Assert.Equal(0, await bot.TerminateAsync(Ct));

        var entries = bot.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        Assert.Contains(entries, e => e.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime"
            && e.GetProperty("LogLevel").GetString() == "Information"
            && e.GetProperty("Message").GetString()!.StartsWith("Now listening on: http://127.0.0.1:", StringComparison.Ordinal));
    }

    /// <summary>systemd's side of the notify protocol: a datagram socket whose path goes in NOTIFY_SOCKET.</summary>
    private sealed class Supervisor : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("il6bot-notify-").FullName;
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

        public Supervisor()
        {
            _socket.Bind(new UnixDomainSocketEndPoint(SocketPath));
        }

        private string SocketPath => Path.Combine(_dir, "notify");

        public RunningBotProcess Start(params string[] args) => RunningBotProcess.Start(
            ["--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString=Data Source={Path.Combine(_dir, "il6bot.db")}", .. args],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = SocketPath });

        public async Task<string> ReceiveAsync(RunningBotProcess bot)
        {
            var buffer = new byte[4096];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(Timeout);
            try
            {
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                return Encoding.UTF8.GetString(buffer, 0, received);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                throw new InvalidOperationException($"No notification within {Timeout}. Bot output:\n{bot.Output}");
            }
        }

        public void Dispose()
        {
            _socket.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
