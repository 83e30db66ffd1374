using System.Net;
using System.Text.Json;
using Il6Bot.Discord.Interactions;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Il6Bot.Tests.Discord.Interactions;

/// <summary>An interaction deferred and still being answered when the real host stops gracefully.</summary>
public sealed class DiscordShutdownTests : IAsyncLifetime
{
    private readonly ReleasedCommandHandler _slow = new("slowstop");
    private DiscordTestHost _discord = null!;
    private TaskCompletionSource _stopping = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _discord = await DiscordTestHost.StartAsync([_slow], Ct, DiscordInteractionTiming.Default with { DeferAfter = TimeSpan.Zero });
        _stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _discord.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => _stopping.TrySetResult());
    }

    public async ValueTask DisposeAsync()
    {
        _slow.Release.TrySetResult();
        await _discord.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_the_host_waits_for_a_deferred_answer_and_it_still_arrives()
    {
        using (var response = await _discord.PostAsync(
            """
            {"id":"10","application_id":"20","type":2,"token":"t-stop","guild_id":"30","channel_id":"40",
             "member":{"user":{"id":"50"},"permissions":"0"},"data":{"name":"slowstop","type":1}}
            """,
            Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal(5, json.GetProperty("type").GetInt32());
        }

        var stop = _discord.Host.App.StopAsync(Ct);
        await _stopping.Task.WaitAsync(Ct);
        Assert.False(stop.IsCompleted);
        _slow.Release.SetResult();
        await stop;

        var edit = Assert.Single(_discord.Fake.Requests, r => r.Path.StartsWith("/webhooks/20/t-stop", StringComparison.Ordinal));
        Assert.Equal(("PATCH", "/webhooks/20/t-stop/messages/@original"), (edit.Method, edit.Path));
        Assert.Equal("Finally done.", edit.Json.GetProperty("embeds")[0].GetProperty("description").GetString());
        Assert.False(_slow.Cancelled);
    }
}
