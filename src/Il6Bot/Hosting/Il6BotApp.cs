using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Discord;
using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges;
using Il6Bot.Hosting.Deployment;
using Il6Bot.Hosting.Health;
using Il6Bot.Hosting.Systemd;
using Il6Bot.LocalConsole;
using Il6Bot.Observability;
using Il6Bot.Slack;
using Il6Bot.Transports.Webhooks;

namespace Il6Bot.Hosting;

/// <summary>
/// Builds the whole bot. <c>Program.cs</c> and the end-to-end tests both start the host through here, so
/// tests exercise exactly the wiring that runs in production.
/// </summary>
public static class Il6BotApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // "--console" is a flag, not a key=value pair, so it must not reach the command-line configuration.
        var consoleFlag = args.Contains(ConsoleMode.Flag, StringComparer.OrdinalIgnoreCase);
        var hostArgs = args.Where(a => !a.Equals(ConsoleMode.Flag, StringComparison.OrdinalIgnoreCase)).ToArray();
        // The slim builder, as ASP.NET Core's Native AOT template uses: the full one adds IIS integration, HTTP/3 and
        // the Windows and debugger log providers, none of which a Linux bot behind a proxy uses (about 1 MB resident).
        // HTTPS endpoints from Kestrel's configuration still work.
        var builder = WebApplication.CreateSlimBuilder(PublishedContentRoot.HostOptions(hostArgs));
        builder.WebHost.UseKestrelHttpsConfiguration();

        // First, before any registration below reads a typed setting and before Kestrel reads Urls.
        ConfigurationValueCheck.ThrowIfInvalid(builder.Configuration);
        ListenAddressCheck.ThrowIfInvalid(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes);

        builder.Services.AddIl6Observability(builder.Configuration);
        builder.Services.AddIl6Content(builder.Configuration);
        builder.Services.AddIl6Commands();
        builder.Services.AddIl6Nudges(builder.Configuration);
        builder.Services.AddIl6Insights(builder.Configuration);
        builder.Services.AddIl6Discord(builder.Configuration);
        builder.Services.AddIl6Slack(builder.Configuration);
        builder.Services.AddIl6LocalConsole(builder.Configuration, consoleFlag);
        builder.Services.AddHealthChecks();
        builder.Services.AddIl6Systemd(builder.Configuration);

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRequestExceptionBoundary();
        app.MapIl6Health();
        app.MapIl6Metrics();
        app.MapDiscordEndpoints();
        app.MapSlackEndpoints();
        return app;
    }
}
