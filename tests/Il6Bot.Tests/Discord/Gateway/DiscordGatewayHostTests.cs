using System.Net;
using Il6Bot.Discord.Gateway;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Transports;
using Il6Bot.Transports;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Discord.Gateway;

/// <summary>The real host in <c>Discord:Mode=Gateway</c> against the fake Discord.</summary>
public sealed class DiscordGatewayHostTests
{
    private static Dictionary<string, string?> Settings(FakeDiscordGateway fake) => new()
    {
        ["Discord:Mode"] = "Gateway",
        ["Discord:BotToken"] = "host-bot-token",
        ["Discord:ApplicationId"] = "42",
        ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
    };

    private static string Interaction(string id) =>
        $$"""{"id":"{{id}}","application_id":"42","type":2,"token":"tok-{{id}}","guild_id":"1","channel_id":"2","member":{"user":{"id":"3","username":"u"},"permissions":"0"},"data":{"id":"9","name":"il6","type":1,"options":[{"name":"topic","type":3,"value":"benefits"}]} }""";

    [Fact]
    public async Task Interaction_replayed_by_a_resume_is_answered_once_through_the_shared_handler()
    {
        await using var fake = await FakeDiscordGateway.StartAsync();
        var host = await BotHost.StartAsync(Settings(fake), cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            var first = await fake.NextConnectionAsync();
            Assert.Equal("/gateway", first.Path);
            await first.SendHelloAsync(41250);
            Assert.Equal(2, (await first.ReceiveAsync()).GetProperty("op").GetInt32());
            await first.SendReadyAsync(1, "s-1", fake.ResumeUrl);
            await first.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction("100"));

            var answered = await fake.NextCallbackAsync();
            Assert.Equal(("100", "tok-100"), (answered.InteractionId, answered.Token));
            Assert.Equal(4, answered.Body.GetProperty("type").GetInt32());

            await first.SendOpAsync(7);
            var second = await fake.NextConnectionAsync();
            Assert.Equal("/resume", second.Path);
            await second.SendHelloAsync(41250);
            var resume = await second.ReceiveAsync();
            Assert.Equal(6, resume.GetProperty("op").GetInt32());
            Assert.Equal(2, resume.GetProperty("d").GetProperty("seq").GetInt32());
            await second.SendDispatchAsync("INTERACTION_CREATE", 2, Interaction("100"));
            await second.SendDispatchAsync("RESUMED", 3, "{}");
            await second.SendDispatchAsync("INTERACTION_CREATE", 4, Interaction("101"));

            Assert.Equal("101", (await fake.NextCallbackAsync()).InteractionId);
            var health = await host.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Contains("discord-gateway: Healthy", health, StringComparison.Ordinal);
        }
        finally
        {
            // Stopping waits for in-flight interactions, so a late duplicate would show up below.
            await host.DisposeAsync();
        }

        Assert.Empty(fake.CallbacksSoFar());
    }

    [Fact]
    public async Task Fatal_close_code_makes_healthz_503_with_the_reason_and_no_reconnect()
    {
        await using var fake = await FakeDiscordGateway.StartAsync();
        await using var host = await BotHost.StartAsync(Settings(fake), cancellationToken: TestContext.Current.CancellationToken);
        var status = host.Services.GetRequiredService<DiscordGatewayStatus>();
        var stopped = WaitForFatalAsync(status);

        var connection = await fake.NextConnectionAsync();
        await connection.SendHelloAsync(41250);
        await connection.ReceiveAsync();
        await connection.CloseAsync(4004, "Authentication failed.");
        await stopped.Within10s();

        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("discord-gateway: Unhealthy", body, StringComparison.Ordinal);
        Assert.Contains("4004", body, StringComparison.Ordinal);
        Assert.DoesNotContain("host-bot-token", body, StringComparison.Ordinal);
        Assert.Equal(1, fake.ConnectionCount);
    }

    [Fact]
    public async Task Http_mode_registers_no_gateway()
    {
        await using var host = await BotHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(host.Services.GetService<DiscordGatewayStatus>());
    }

    internal static Task WaitForFatalAsync(TransportStatus status)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        status.Changed += s =>
        {
            if (s.Fatal)
            {
                done.TrySetResult();
            }
        };
        if (status.Current.Fatal)
        {
            done.TrySetResult();
        }

        return done.Task;
    }
}
