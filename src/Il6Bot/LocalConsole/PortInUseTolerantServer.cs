using Il6Bot.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Il6Bot.LocalConsole;

/// <summary>
/// The web server in console mode. A port already taken (a second console, another program on 5080) is no reason
/// to refuse the conversation, which needs no HTTP: the console runs without it and one warning names the port
/// and the key that moves it. Any other start failure still stops the bot.
/// </summary>
internal sealed partial class PortInUseTolerantServer(IServer inner, ILogger<PortInUseTolerantServer> logger) : IServer
{
    /// <summary>Kestrel's address when no <c>Urls</c> is configured.</summary>
    private const string KestrelDefaultAddress = "http://localhost:5000";

    private bool _serving;

    public IFeatureCollection Features => inner.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        // Read before starting: the host has put the configured Urls here, and Kestrel binds from them.
        var ports = ConfiguredPorts();
        try
        {
            await inner.StartAsync(application, cancellationToken).ConfigureAwait(false);
            _serving = true;
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            LogPortInUse(ports);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _serving ? inner.StopAsync(cancellationToken) : Task.CompletedTask;

    public void Dispose() => inner.Dispose();

    private string ConfiguredPorts()
    {
        var addresses = Features.Get<IServerAddressesFeature>()?.Addresses;
        var configured = addresses is { Count: > 0 } ? addresses : [KestrelDefaultAddress];
        var ports = new List<string>();
        foreach (var address in configured)
        {
            try
            {
                var port = BindingAddress.Parse(address).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!ports.Contains(port))
                {
                    ports.Add(port);
                }
            }
            catch (FormatException)
            {
                // ListenAddressCheck refused malformed addresses at start-up; nothing to name here.
            }
        }

        return string.Join(", ", ports);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Port {Port} is already in use, so the console runs without HTTP (/healthz, webhooks). " +
        "To serve HTTP as well, move it with Urls, e.g. --urls http://127.0.0.1:5081 (or ASPNETCORE_URLS).")]
    private partial void LogPortInUse(string port);
}
