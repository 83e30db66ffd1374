using System.Net;
using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Discord.Interactions;
using Il6Bot.Messages;
using Il6Bot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Discord.Interactions;

/// <summary>
/// A deferral has to pick its visibility before the answer exists (moderator commands start private, the rest
/// public). Through the real host and the fake Discord: the exact webhook calls that complete a deferral whose
/// answer turned out the other way, so a private answer never shows publicly and a public one still arrives.
/// </summary>
public sealed class DiscordDeferralTests : IAsyncLifetime
{
    private const string AppId = "20";
    private readonly SlowCommandHandler _public = new("slowpub", moderatorOnly: false);
    private readonly SlowCommandHandler _moderator = new("slowmod", moderatorOnly: true);
    private DiscordTestHost _discord = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _discord = await DiscordTestHost.StartAsync([_public, _moderator], Ct, DiscordInteractionTiming.Default with { DeferAfter = TimeSpan.Zero });
    }

    public ValueTask DisposeAsync() => _discord.DisposeAsync();

    [Fact]
    public async Task A_private_deferral_with_a_private_answer_is_edited_in_place()
    {
        _moderator.NextReply = Reply.EphemeralText("Only you see this.");

        var deferral = await CommandAsync("slowmod", "t-pp");
        Assert.Equal(64, deferral.GetProperty("data").GetProperty("flags").GetInt32());
        _moderator.Release();

        var edit = await _discord.Fake.WaitForAsync(r => r.Path.StartsWith("/webhooks/20/t-pp", StringComparison.Ordinal), Ct);
        Assert.Equal(("PATCH", "/webhooks/20/t-pp/messages/@original"), (edit.Method, edit.Path));
        Assert.Equal(64, edit.Json.GetProperty("flags").GetInt32());
        Assert.Equal("Only you see this.", Description(edit));
        Assert.Single(Webhooks("t-pp"));
    }

    [Fact]
    public async Task A_private_deferral_with_a_public_answer_notes_done_privately_then_posts_public_follow_ups()
    {
        _moderator.NextReply = Reply.PublicText("Posted for everyone.");

        var deferral = await CommandAsync("slowmod", "t-ppub");
        Assert.Equal(64, deferral.GetProperty("data").GetProperty("flags").GetInt32());
        _moderator.Release();

        await _discord.Fake.WaitForAsync(r => r.Method == "POST" && r.Path == "/webhooks/20/t-ppub", Ct);
        var calls = Webhooks("t-ppub");
        Assert.Equal(
            [("PATCH", "/webhooks/20/t-ppub/messages/@original"), ("POST", "/webhooks/20/t-ppub")],
            calls.Select(c => (c.Method, c.Path)));

        // The "thinking" message stays private and becomes a note; it is closed before any follow-up, so the
        // follow-up is a new public message rather than an edit of the private one.
        Assert.Equal("Done, posted below.", calls[0].Json.GetProperty("content").GetString());
        Assert.Equal(64, calls[0].Json.GetProperty("flags").GetInt32());
        Assert.False(calls[0].Json.TryGetProperty("embeds", out _));
        Assert.False(calls[1].Json.TryGetProperty("flags", out _));
        Assert.Equal("Posted for everyone.", Description(calls[1]));
    }

    [Fact]
    public async Task A_private_deferral_with_a_long_public_answer_posts_every_part_publicly_in_order()
    {
        _moderator.NextReply = Reply.PublicText(LongText());

        await CommandAsync("slowmod", "t-plong");
        _moderator.Release();

        await _discord.Fake.WaitForAsync(r => r.Method == "POST" && r.Path == "/webhooks/20/t-plong" && r.Body.Contains("Paragraph 40:", StringComparison.Ordinal), Ct);
        var calls = Webhooks("t-plong");
        Assert.Equal("PATCH", calls[0].Method);
        Assert.Equal(64, calls[0].Json.GetProperty("flags").GetInt32());
        var followUps = calls.Skip(1).ToList();
        Assert.True(followUps.Count >= 2);
        Assert.All(followUps, f => Assert.Equal(("POST", "/webhooks/20/t-plong"), (f.Method, f.Path)));
        Assert.All(followUps, f => Assert.False(f.Json.TryGetProperty("flags", out _)));
        Assert.StartsWith("Paragraph 1:", Description(followUps[0]), StringComparison.Ordinal);
        Assert.Contains("Paragraph 40:", followUps[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_deferral_with_a_private_answer_closes_the_deferral_without_the_answer_then_answers_privately_and_deletes_the_note()
    {
        _public.NextReply = Reply.EphemeralText("Secret: only for you.");

        var deferral = await CommandAsync("slowpub", "t-pubp");
        Assert.False(deferral.TryGetProperty("data", out _)); // a public "thinking" message
        _public.Release();

        await _discord.Fake.WaitForAsync(r => r.Method == "DELETE" && r.Path.StartsWith("/webhooks/20/t-pubp", StringComparison.Ordinal), Ct);
        var calls = Webhooks("t-pubp");
        Assert.Equal(
            [("PATCH", "/webhooks/20/t-pubp/messages/@original"), ("POST", "/webhooks/20/t-pubp"), ("DELETE", "/webhooks/20/t-pubp/messages/@original")],
            calls.Select(c => (c.Method, c.Path)));

        // The public message never carries the answer: a neutral note, and only that, until it is deleted.
        Assert.DoesNotContain("Secret", calls[0].Body, StringComparison.Ordinal);
        Assert.False(calls[0].Json.TryGetProperty("embeds", out _));
        Assert.Equal(DiscordInteractionHandler.PrivateAnswerNote, calls[0].Json.GetProperty("content").GetString());

        // The answer is a new, private follow-up (not the first call after the deferral, which Discord would
        // turn into an edit of the public message, ignoring the flag).
        Assert.Equal(64, calls[1].Json.GetProperty("flags").GetInt32());
        Assert.Equal("Secret: only for you.", Description(calls[1]));
    }

    [Fact]
    public async Task A_public_deferral_that_cannot_be_closed_never_sends_its_private_answer()
    {
        _discord.Fake.Script("PATCH /webhooks/20/t-fail", 404, """{"message":"Unknown Webhook","code":10015}""");
        _public.NextReply = Reply.EphemeralText("Secret: only for you.");

        await CommandAsync("slowpub", "t-fail");
        _public.Release();

        await _discord.Fake.WaitForAsync(r => r.Method == "DELETE" && r.Path.StartsWith("/webhooks/20/t-fail", StringComparison.Ordinal), Ct);
        var calls = Webhooks("t-fail");
        Assert.Equal(
            [("PATCH", 404), ("DELETE", 204)],
            calls.Select(c => (c.Method, c.Status)));
        Assert.DoesNotContain(calls, c => c.Body.Contains("Secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_public_deferral_with_a_long_private_answer_sends_every_part_privately_before_the_delete()
    {
        _public.NextReply = Reply.EphemeralText(LongText());

        await CommandAsync("slowpub", "t-publong");
        _public.Release();

        await _discord.Fake.WaitForAsync(r => r.Method == "DELETE" && r.Path.StartsWith("/webhooks/20/t-publong", StringComparison.Ordinal), Ct);
        var calls = Webhooks("t-publong");
        Assert.Equal("PATCH", calls[0].Method);
        Assert.Equal("DELETE", calls[^1].Method);
        var followUps = calls[1..^1];
        Assert.True(followUps.Count >= 2);
        Assert.All(followUps, f => Assert.Equal(("POST", 64), (f.Method, f.Json.GetProperty("flags").GetInt32())));
        Assert.StartsWith("Paragraph 1:", Description(followUps[0]), StringComparison.Ordinal);
        Assert.Contains("Paragraph 40:", followUps[^1].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Paragraph", calls[0].Body, StringComparison.Ordinal);
    }

    private async Task<JsonElement> CommandAsync(string command, string token)
    {
        using var response = await _discord.PostAsync($$$"""
            {"id":"10","application_id":"{{{AppId}}}","type":2,"token":"{{{token}}}","guild_id":"30","channel_id":"40",
             "member":{"user":{"id":"50"},"permissions":"32"},"data":{"name":"{{{command}}}","type":1}}
            """, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(5, json.GetProperty("type").GetInt32());
        Assert.Empty(Webhooks(token)); // nothing before the answer exists
        return json;
    }

    private List<DiscordRecordedRequest> Webhooks(string token) =>
        _discord.Fake.Requests.Where(r => r.Path.StartsWith($"/webhooks/{AppId}/{token}", StringComparison.Ordinal)).ToList();

    private static string? Description(DiscordRecordedRequest request) =>
        request.Json.GetProperty("embeds")[0].GetProperty("description").GetString();

    private static string LongText() =>
        string.Join("\n\n", Enumerable.Range(1, 40).Select(i => $"Paragraph {i}: " + string.Join(' ', Enumerable.Repeat("strength training lowers resting inflammation.", 8))));

    /// <summary>Answers only when the test releases it, so the interaction is always deferred first.</summary>
    private sealed class SlowCommandHandler(string name, bool moderatorOnly) : ICommandHandler
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CommandSpec Spec { get; } = new(name, "Answers slowly", [], [], ModeratorOnly: moderatorOnly);

        public Reply NextReply { get; set; } = Reply.PublicText("done");

        public void Release() => _gate.TrySetResult();

        public async Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            await _gate.Task.WaitAsync(cancellationToken);
            return NextReply;
        }
    }
}
