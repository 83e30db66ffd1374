using System.Text;
using Il6Bot.Discord.Rendering;
using Il6Bot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Discord.Rest;

/// <summary>
/// Which calls the HTTP pipeline sends again after a 5xx or a timeout, through the client the host registers and a
/// fake Discord that acted before it failed: a follow-up (Execute Webhook has no nonce) or an interaction callback
/// sent twice would post twice or be refused as already acknowledged, so they go once; edits may go again.
/// </summary>
public sealed class DiscordRestClientTests : IAsyncLifetime
{
    private static readonly DiscordMessagePayload Text = new("Part two.", null, null, DiscordMessagePayload.NoMentions);
    private DiscordTestHost _discord = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DiscordRestClient Rest => _discord.Host.Services.GetRequiredService<DiscordRestClient>();

    public async ValueTask InitializeAsync()
    {
        _discord = await DiscordTestHost.StartAsync([], Ct);
    }

    public ValueTask DisposeAsync() => _discord.DisposeAsync();

    [Fact]
    public async Task A_follow_up_that_Discord_created_before_a_502_is_not_posted_again()
    {
        _discord.Fake.ScriptActThenFail("POST /webhooks/2/t-502", 502);

        var result = await Rest.CreateFollowupAsync("2", "t-502", Text, Ct);

        Assert.False(result.IsSuccess);
        var posted = Assert.Single(_discord.Fake.Requests, r => r.Method == "POST" && r.Path == "/webhooks/2/t-502");
        Assert.True(posted.Created);
    }

    [Fact]
    public async Task An_interaction_callback_that_failed_with_a_502_is_not_sent_again()
    {
        _discord.Fake.ScriptActThenFail("POST /interactions/9/t-502/callback", 502);

        var result = await Rest.CreateInteractionResponseAsync("9", "t-502", Encoding.UTF8.GetBytes("""{"type":6}"""), Ct);

        Assert.False(result.IsSuccess);
        Assert.Single(_discord.Fake.Requests, r => r.Path == "/interactions/9/t-502/callback");
    }

    [Fact]
    public async Task A_follow_up_refused_with_a_429_is_sent_again_after_its_retry_after()
    {
        // A rate-limited request was not processed, so sending it again cannot post twice.
        _discord.Fake.Script429("POST /webhooks/2/t-429", retryAfter: 0.01);

        var result = await Rest.CreateFollowupAsync("2", "t-429", Text, Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal([429, 200], _discord.Fake.Requests.Where(r => r.Path == "/webhooks/2/t-429").Select(r => r.Status));
    }

    [Fact]
    public async Task An_edit_of_the_original_response_is_sent_again_after_a_502()
    {
        // Sent twice, an edit leaves the message as once: it stays retried.
        _discord.Fake.ScriptActThenFail("PATCH /webhooks/2/t-edit", 502);

        var result = await Rest.EditOriginalResponseAsync("2", "t-edit", Text, Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal([502, 200], _discord.Fake.Requests.Where(r => r.Path == "/webhooks/2/t-edit/messages/@original").Select(r => r.Status));
    }
}
