using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Il6Bot.Commands.Buttons;
using Il6Bot.Content;
using Il6Bot.Discord.Rendering;
using Il6Bot.Features.Il6;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Discord.Interactions;

/// <summary>Button clicks (MESSAGE_COMPONENT) over <c>POST /discord/interactions</c>, through the real host with the real article.</summary>
public sealed class DiscordButtonClickTests : IAsyncLifetime
{
    private DiscordTestHost _discord = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _discord = await DiscordTestHost.StartAsync([], Ct);
    }

    public ValueTask DisposeAsync() => _discord.DisposeAsync();

    [Fact]
    public async Task Il6_benefits_then_a_related_topic_click_answers_that_section_privately_from_the_prepared_bytes()
    {
        var benefits = await AnswerAsync(Command("1001", "benefits"));
        var topicId = ButtonIds(benefits).First();
        Assert.StartsWith("il6:1:t:", topicId, StringComparison.Ordinal);

        var bytes = await ClickBytesAsync("1002", topicId, messageFlags: 0);

        var prepared = Prepared(topicId["il6:1:t:".Length..], privately: true);
        Assert.Equal(prepared.CallbackBody, bytes);
        var answer = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(4, answer.GetProperty("type").GetInt32());
        Assert.Equal(64, answer.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Contains(ButtonIds(answer), id => id.StartsWith("il6:1:s:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_topic_click_inside_a_private_answer_replaces_it_in_place()
    {
        var bytes = await ClickBytesAsync("1003", "il6:1:t:how", messageFlags: 64);

        Assert.Equal(Prepared("how", privately: true).UpdateCallbackBody, bytes);
        var answer = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(7, answer.GetProperty("type").GetInt32());
        Assert.False(answer.GetProperty("data").TryGetProperty("flags", out _));
    }

    [Fact]
    public async Task A_text_only_replacement_removes_the_clicked_messages_buttons()
    {
        // Discord leaves a field an edit omits as it was, so only an empty list takes the Reset button away.
        var reset = ButtonId.Encode(new ButtonAction(ButtonKind.ResetInsights, ""));

        var answer = await AnswerAsync(Click("1009", reset, messageFlags: 64, permissions: "32"));

        Assert.Equal(7, answer.GetProperty("type").GetInt32());
        Assert.StartsWith("Cleared this server's insights", answer.GetProperty("data").GetProperty("embeds")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, answer.GetProperty("data").GetProperty("components").ValueKind);
        Assert.Empty(answer.GetProperty("data").GetProperty("components").EnumerateArray());
    }

    [Fact]
    public async Task A_search_then_Share_posts_the_section_publicly_once_attributed_without_pinging()
    {
        var search = await AnswerAsync(Command("1004", "burn fat"));
        Assert.Equal(64, search.GetProperty("data").GetProperty("flags").GetInt32());
        var share = Assert.Single(ButtonIds(search), id => id.StartsWith("il6:1:s:", StringComparison.Ordinal));

        var shared = await AnswerAsync(Click("1005", share, messageFlags: 64));

        Assert.Equal(4, shared.GetProperty("type").GetInt32());
        var data = shared.GetProperty("data");
        Assert.False(data.TryGetProperty("flags", out _));
        Assert.Empty(data.GetProperty("allowed_mentions").GetProperty("parse").EnumerateArray());
        Assert.StartsWith("Shared by <@5>", data.GetProperty("embeds")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ButtonIds(shared), id => id.StartsWith("il6:1:s:", StringComparison.Ordinal));

        // The shared section fits one message, so the callback is the only public message.
        Assert.DoesNotContain(_discord.Fake.Requests, r => r.Method == "POST");
    }

    [Theory]
    [InlineData("il6:1:t:no-such-topic", Il6ButtonHandler.RemovedText)]
    [InlineData("il6:9:t:how", ButtonRouter.NewerVersionText)]
    [InlineData("il6:1:q:how", ButtonRouter.DamagedText)]
    [InlineData("someone-elses-button", ButtonRouter.NotOursText)]
    [InlineData("", ButtonRouter.NotOursText)]
    public async Task An_unusable_button_gets_a_helpful_private_reply(string customId, string expected)
    {
        var answer = await AnswerAsync(Click("1006", customId, messageFlags: 0));

        Assert.Equal(4, answer.GetProperty("type").GetInt32());
        Assert.Equal(64, answer.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal(DiscordMarkdown.Render(MarkdownMessageParser.Parse(expected)), answer.GetProperty("data").GetProperty("embeds")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_replayed_click_gets_the_first_answer()
    {
        var body = Encoding.UTF8.GetBytes(Click("1007", "il6:1:s:how", messageFlags: 64));

        using var first = await _discord.PostAsync(body, Ct);
        using var second = await _discord.PostAsync(body, Ct);

        Assert.Equal(await first.Content.ReadAsByteArrayAsync(Ct), await second.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task A_click_with_a_bad_signature_is_401()
    {
        var body = Encoding.UTF8.GetBytes(Click("1008", "il6:1:t:how", messageFlags: 0));
        var timestamp = _discord.Signer.Timestamp();
        var signature = _discord.Signer.Sign(timestamp, Encoding.UTF8.GetBytes(Click("1008", "il6:1:s:how", messageFlags: 0)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", signature);
        request.Headers.Add("X-Signature-Timestamp", timestamp);

        using var response = await _discord.Host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static IEnumerable<string> ButtonIds(JsonElement answer) =>
        answer.GetProperty("data").TryGetProperty("components", out var rows)
            ? rows.EnumerateArray().SelectMany(r => r.GetProperty("components").EnumerateArray()).Select(b => b.GetProperty("custom_id").GetString()!).ToList()
            : [];

    /// <summary>A click on <paramref name="customId"/> by member 5, on a message with <paramref name="messageFlags"/> (64: private);
    /// <paramref name="permissions"/> "32" (Manage Server) makes the member a moderator.</summary>
    internal static string Click(string id, string customId, int messageFlags, string permissions = "0") => $$$"""
        {"id":"{{{id}}}","application_id":"2","type":3,"token":"t{{{id}}}","guild_id":"3","channel_id":"4","member":{"user":{"id":"5"},"permissions":"{{{permissions}}}"},
         "message":{"id":"77","flags":{{{messageFlags}}}},"data":{"custom_id":"{{{customId}}}","component_type":2}}
        """;

    private static string Command(string id, string topic) => $$$"""
        {"id":"{{{id}}}","application_id":"2","type":2,"token":"t{{{id}}}","guild_id":"3","channel_id":"4","member":{"user":{"id":"5"},"permissions":"0"},
         "data":{"name":"il6","type":1,"options":[{"name":"topic","type":3,"value":"{{{topic}}}"}]}}
        """;

    private async Task<byte[]> ClickBytesAsync(string id, string customId, int messageFlags)
    {
        using var response = await _discord.PostAsync(Click(id, customId, messageFlags), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private async Task<JsonElement> AnswerAsync(string json)
    {
        using var response = await _discord.PostAsync(json, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private DiscordPreparedReply Prepared(string sectionId, bool privately)
    {
        var snapshot = _discord.Host.Services.GetRequiredService<IContentStore>().Snapshot;
        var prepared = _discord.Host.Services.GetRequiredService<Il6Replies>().For(snapshot);
        var section = snapshot.Find(sectionId)!;
        var reply = privately ? prepared.PrivateSection(section) : prepared.Section(section);
        Assert.True(_discord.Host.Services.GetRequiredService<DiscordRenderCache>().TryGet(reply, out var rendered));
        return rendered;
    }
}
