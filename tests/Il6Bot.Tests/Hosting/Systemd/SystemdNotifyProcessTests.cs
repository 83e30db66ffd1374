using System.Net.Sockets;
using System.Text;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Hosting.Systemd;

/// <summary>
/// Issue 12: under <c>Type=notify</c> the bot tells the service manager when it is ready and when it stops. The
/// test plays systemd's part: a unix datagram socket in <c>NOTIFY_SOCKET</c>, then SIGTERM.
/// </summary>
public sealed class SystemdNotifyProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ready_reaches_NOTIFY_SOCKET_after_start_and_stopping_on_SIGTERM_then_a_clean_exit()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("il6bot-notify-").FullName;
        try
        {
            var socketPath = Path.Combine(dir, "notify");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));

            await using var bot = RunningBotProcess.Start(
                ["--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString=Data Source={Path.Combine(dir, "il6bot.db")}"],
                new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });

            var ready = await ReceiveAsync(socket, bot, ct);
            Assert.Equal("READY=1", ready);

            var exit = bot.TerminateAsync(ct);
            var stopping = await ReceiveAsync(socket, bot, ct);
            Assert.Equal("STOPPING=1", stopping);
            Assert.Equal(0, await exit);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket, RunningBotProcess bot, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, received);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"No notification within {Timeout}. Bot output:\n{bot.Output}");
        }
    }
}
