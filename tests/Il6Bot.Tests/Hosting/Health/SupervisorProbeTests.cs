using System.Net;
using Il6Bot.Discord.Gateway;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Discord.Gateway;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Transports;
using Il6Bot.Transports;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Hosting.Health;

/// <summary>
/// Issue 12: <c>/healthz/live</c> and <c>/healthz/ready</c> of the real host. Liveness stays 200 through every
/// dependency failure (a restart would not fix them); readiness is 503 and names the failing check.
/// </summary>
public sealed class SupervisorProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task All_good_live_ready_and_healthz_are_200()
    {
        await using var host = await BotHost.StartAsync(cancellationToken: Ct);

        var live = await GetAsync(host, "/healthz/live");
        var ready = await GetAsync(host, "/healthz/ready");
        var healthz = await GetAsync(host, "/healthz");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(HttpStatusCode.OK, healthz.Status);
        Assert.Contains("content: Healthy", ready.Body, StringComparison.Ordinal);
        Assert.Contains("store: Healthy", ready.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_outage_keeps_live_200_and_makes_ready_503_naming_the_store()
    {
        await using var host = await BotHost.StartAsync(cancellationToken: Ct);
        Directory.Delete(host.TempDir, recursive: true);

        var live = await GetAsync(host, "/healthz/live");
        var ready = await GetAsync(host, "/healthz/ready");
        var healthz = await GetAsync(host, "/healthz");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.DoesNotContain("store", live.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("store: Unhealthy (database file missing at", ready.Body, StringComparison.Ordinal);
        Assert.Contains("content: Healthy", ready.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthz.Status);
    }

    [Fact]
    public async Task Transport_not_yet_connected_is_not_ready_and_connected_is_ready()
    {
        await using var fake = await FakeDiscordGateway.StartAsync();
        await using var host = await BotHost.StartAsync(GatewaySettings(fake), cancellationToken: Ct);
        var status = host.Services.GetRequiredService<DiscordGatewayStatus>();
        var connection = await fake.NextConnectionAsync();

        var connecting = await GetAsync(host, "/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, connecting.Status);
        Assert.Contains("discord-gateway: Degraded (connecting", connecting.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/healthz/live")).Status);

        // /healthz is for people and uptime monitors: a transport on its way up is worth a look, not a page.
        var healthz = await GetAsync(host, "/healthz");
        Assert.Equal(HttpStatusCode.OK, healthz.Status);
        Assert.Contains("discord-gateway: Degraded (connecting", healthz.Body, StringComparison.Ordinal);

        var connected = WaitForStateAsync(status, TransportState.Connected);
        await connection.SendHelloAsync(41250);
        await connection.ReceiveAsync();
        await connection.SendReadyAsync(1, "s-1", fake.ResumeUrl);
        await connected.Within10s();

        var ready = await GetAsync(host, "/healthz/ready");
        Assert.True(ready.Status == HttpStatusCode.OK, ready.Body);
        Assert.Contains("discord-gateway: Healthy", ready.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_token_keeps_live_200_and_makes_ready_503_naming_the_transport()
    {
        await using var fake = await FakeDiscordGateway.StartAsync();
        await using var host = await BotHost.StartAsync(GatewaySettings(fake), cancellationToken: Ct);
        var stopped = DiscordGatewayHostTests.WaitForFatalAsync(host.Services.GetRequiredService<DiscordGatewayStatus>());
        var connection = await fake.NextConnectionAsync();
        await connection.SendHelloAsync(41250);
        await connection.ReceiveAsync();
        await connection.CloseAsync(4004, "Authentication failed.");
        await stopped.Within10s();

        var live = await GetAsync(host, "/healthz/live");
        var ready = await GetAsync(host, "/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("discord-gateway: Unhealthy", ready.Body, StringComparison.Ordinal);
        Assert.Contains("4004", ready.Body, StringComparison.Ordinal);
        Assert.Contains("store: Healthy", ready.Body, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> GatewaySettings(FakeDiscordGateway fake) => new()
    {
        ["Discord:Mode"] = "Gateway",
        ["Discord:BotToken"] = "probe-bot-token",
        ["Discord:ApplicationId"] = "42",
        ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
    };

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(BotHost host, string path)
    {
        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static Task WaitForStateAsync(TransportStatus status, TransportState state)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        status.Changed += s =>
        {
            if (s.State == state)
            {
                done.TrySetResult();
            }
        };
        if (status.Current.State == state)
        {
            done.TrySetResult();
        }

        return done.Task;
    }
}
