using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Testing.Fakes;

/// <summary>The Kestrel set-up every fake platform shares.</summary>
public static class LoopbackServer
{
    /// <summary>A slim builder on 127.0.0.1 and a port the OS picks, with logging off.</summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();

        // Loopback only, so a fake is never reachable from the network; port 0 so parallel tests never collide.
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        // The fakes' own request logs would only bury the test output.
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>The started app's <c>http://127.0.0.1:PORT</c>, without a trailing slash.</summary>
    public static string BaseUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');

    public static async ValueTask StopAsync(WebApplication app)
    {
        // Stop before dispose: stopping signals ApplicationStopping, which releases requests a fake holds open.
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
