using Il6Bot.LocalConsole;
using Il6Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>
/// The console's web server: a port already taken costs HTTP, never the conversation, and the one warning names the
/// ports to move; any other start failure still stops the bot. (ConsoleLogOutputTests has the real process.)
/// </summary>
public sealed class PortInUseTolerantServerTests : IDisposable
{
    private readonly CapturedLogs _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public PortInUseTolerantServerTests() => _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _loggerFactory.Dispose();

    [Fact]
    public async Task The_warning_names_each_port_in_use_once()
    {
        // Urls may name one port on several interfaces (127.0.0.1 and [::1]); the operator moves a port, not an address.
        using var server = Tolerant(new FakeServer(PortTaken(), "http://127.0.0.1:5081", "http://[::1]:5081", "http://localhost:5082"));

        await server.StartAsync(new NoApplication(), Ct);

        var warning = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Port 5081, 5082 is already in use", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Urls_the_warning_names_Kestrels_default_port()
    {
        using var server = Tolerant(new FakeServer(PortTaken()));

        await server.StartAsync(new NoApplication(), Ct);

        Assert.StartsWith("Port 5000 is already in use", Assert.Single(_logs.Entries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_start_failure_still_stops_the_bot()
    {
        // Kestrel reports a bind it may not do (a privileged port, an address not on this machine) as an IOException too.
        using var server = Tolerant(new FakeServer(new IOException("Failed to bind to address http://10.9.9.9:5080.", new UnauthorizedAccessException())));

        await Assert.ThrowsAsync<IOException>(() => server.StartAsync(new NoApplication(), Ct));
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task A_server_that_started_is_stopped_with_the_host()
    {
        // Stopping lets requests in flight (a /healthz probe) finish before the process exits.
        var inner = new FakeServer(startFailure: null, "http://127.0.0.1:5080");
        using var server = Tolerant(inner);
        await server.StartAsync(new NoApplication(), Ct);

        await server.StopAsync(Ct);

        Assert.True(inner.Stopped);
        Assert.Empty(_logs.Entries);
    }

    private static IOException PortTaken() =>
        new("Failed to bind to address http://127.0.0.1:5081: address already in use.", new AddressInUseException("Address already in use"));

    private PortInUseTolerantServer Tolerant(IServer inner) => new(inner, _loggerFactory.CreateLogger<PortInUseTolerantServer>());

    /// <summary>Kestrel as far as the wrapper sees it: the configured addresses, and a start that binds or fails.</summary>
    private sealed class FakeServer : IServer
    {
        private readonly Exception? _startFailure;

        public FakeServer(Exception? startFailure, params string[] addresses)
        {
            _startFailure = startFailure;
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }

            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public bool Stopped { get; private set; }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull =>
            _startFailure is null ? Task.CompletedTask : Task.FromException(_startFailure);

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }

        public void Dispose()
        {
        }
    }

    private sealed class NoApplication : IHttpApplication<object>
    {
        public object CreateContext(IFeatureCollection contextFeatures) => new();

        public Task ProcessRequestAsync(object context) => Task.CompletedTask;

        public void DisposeContext(object context, Exception? exception)
        {
        }
    }
}
