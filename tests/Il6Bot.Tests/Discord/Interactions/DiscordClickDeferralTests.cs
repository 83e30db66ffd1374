using System.Net;
using System.Text.Json;
using Il6Bot.Commands.Buttons;
using Il6Bot.Discord.Interactions;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;
using Il6Bot.Testing.Fakes;

namespace Il6Bot.Tests.Discord.Interactions;

/// <summary>
/// A click whose answer is not ready in time is deferred: in place (type 6) on a private message, where it may page,
/// and as a private "thinking" message (type 5, flag 64) elsewhere; then completed through the webhook endpoints.
/// </summary>
public sealed class DiscordClickDeferralTests : IAsyncLifetime
{
    private const string AppId = "2";
    private readonly SlowButtonHandler _slow = new();
    private DiscordTestHost _discord = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string SlowButton => ButtonId.Encode(new ButtonAction(ButtonKind.ResetInsights, "slow"));

    public async ValueTask InitializeAsync()
    {
        _discord = await DiscordTestHost.StartAsync([], Ct, DiscordInteractionTiming.Default with { DeferAfter = TimeSpan.Zero }, [_slow]);
    }

    public ValueTask DisposeAsync() => _discord.DisposeAsync();

    [Fact]
    public async Task A_slow_replacement_is_deferred_in_place_then_edits_the_clicked_message()
    {
        _slow.NextAnswer = new ClickAnswer(Reply.EphemeralText("Page two.") with { Buttons = [new ReplyButton("Back", new ButtonAction(ButtonKind.Topic, "how"))] }, ClickDelivery.ReplacePrivateMessage);

        var deferral = await ClickAsync("3001", messageFlags: 64);
        Assert.Equal(6, deferral.GetProperty("type").GetInt32());
        Assert.False(deferral.TryGetProperty("data", out _));
        _slow.Release();

        var edit = await _discord.Fake.WaitForAsync(r => r.Path.StartsWith("/webhooks/2/t3001", StringComparison.Ordinal), Ct);
        Assert.Equal(("PATCH", "/webhooks/2/t3001/messages/@original"), (edit.Method, edit.Path));
        Assert.False(edit.Json.TryGetProperty("flags", out _));
        Assert.Equal("Page two.", Description(edit));
        Assert.Equal("il6:1:t:how", edit.Json.GetProperty("components")[0].GetProperty("components")[0].GetProperty("custom_id").GetString());
    }

    [Fact]
    public async Task A_slow_text_only_replacement_removes_the_clicked_messages_buttons()
    {
        // Discord leaves a field an edit omits as it was, so only an empty list takes the old buttons away.
        _slow.NextAnswer = new ClickAnswer(Reply.EphemeralText("Cleared."), ClickDelivery.ReplacePrivateMessage);

        var deferral = await ClickAsync("3004", messageFlags: 64);
        Assert.Equal(6, deferral.GetProperty("type").GetInt32());
        _slow.Release();

        var edit = await _discord.Fake.WaitForAsync(r => r.Path.StartsWith("/webhooks/2/t3004", StringComparison.Ordinal), Ct);
        Assert.Equal(("PATCH", "/webhooks/2/t3004/messages/@original"), (edit.Method, edit.Path));
        Assert.Equal("Cleared.", Description(edit));
        Assert.Equal(JsonValueKind.Array, edit.Json.GetProperty("components").ValueKind);
        Assert.Empty(edit.Json.GetProperty("components").EnumerateArray());
    }

    [Fact]
    public async Task A_slow_private_answer_from_a_private_message_is_a_new_private_follow_up()
    {
        _slow.NextAnswer = ClickAnswer.Private("Just for you.");

        var deferral = await ClickAsync("3002", messageFlags: 64);
        Assert.Equal(6, deferral.GetProperty("type").GetInt32());
        _slow.Release();

        var followUp = await _discord.Fake.WaitForAsync(r => r.Path.StartsWith("/webhooks/2/t3002", StringComparison.Ordinal), Ct);
        Assert.Equal(("POST", "/webhooks/2/t3002"), (followUp.Method, followUp.Path));
        Assert.Equal(64, followUp.Json.GetProperty("flags").GetInt32());
        Assert.Equal("Just for you.", Description(followUp));
    }

    [Fact]
    public async Task A_slow_click_on_a_public_message_defers_privately_and_edits_that_with_a_private_answer()
    {
        _slow.NextAnswer = ClickAnswer.Private("Just for you.");

        var deferral = await ClickAsync("3003", messageFlags: 0);
        Assert.Equal(5, deferral.GetProperty("type").GetInt32());
        Assert.Equal(64, deferral.GetProperty("data").GetProperty("flags").GetInt32());
        _slow.Release();

        var edit = await _discord.Fake.WaitForAsync(r => r.Path.StartsWith("/webhooks/2/t3003", StringComparison.Ordinal), Ct);
        Assert.Equal(("PATCH", "/webhooks/2/t3003/messages/@original"), (edit.Method, edit.Path));
        Assert.Equal(64, edit.Json.GetProperty("flags").GetInt32());
        Assert.Equal("Just for you.", Description(edit));
    }

    private async Task<JsonElement> ClickAsync(string id, int messageFlags)
    {
        using var response = await _discord.PostAsync(DiscordButtonClickTests.Click(id, SlowButton, messageFlags), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private static string? Description(DiscordRecordedRequest request) =>
        request.Json.GetProperty("embeds")[0].GetProperty("description").GetString();

    /// <summary>Answers only when the test releases it, so the click is always deferred first.</summary>
    private sealed class SlowButtonHandler : IButtonHandler
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyCollection<ButtonKind> Kinds { get; } = [ButtonKind.ResetInsights];

        public ClickAnswer NextAnswer { get; set; } = ClickAnswer.Private("done");

        public void Release() => _gate.TrySetResult();

        public async Task<ClickAnswer> HandleAsync(ButtonClick click, ButtonAction action, CancellationToken cancellationToken)
        {
            await _gate.Task.WaitAsync(cancellationToken);
            return NextAnswer;
        }
    }
}
