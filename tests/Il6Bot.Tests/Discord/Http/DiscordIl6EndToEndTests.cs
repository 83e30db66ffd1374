using System.Text.Json;
using Il6Bot.Content;
using Il6Bot.Discord.Rendering;
using Il6Bot.Features.Il6;
using Il6Bot.Messages;
using Il6Bot.Tests.Discord.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Discord.Http;

/// <summary>/il6 through the real host with the real article: the answer is the bytes prepared at load.</summary>
public sealed class DiscordIl6EndToEndTests : IAsyncLifetime
{
    private DiscordTestHost _discord = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _discord = await DiscordTestHost.StartAsync([], Ct);
    }

    public ValueTask DisposeAsync() => _discord.DisposeAsync();

    [Fact]
    public void Every_section_of_the_article_is_prepared_within_Discord_limits()
    {
        var snapshot = _discord.Host.Services.GetRequiredService<IContentStore>().Snapshot;
        foreach (var section in snapshot.AllSections)
        {
            var reply = Prepared(section.Id);
            Assert.NotNull(reply);
            DiscordReplyRendererTests.AssertWithinLimits(reply.Messages, ephemeral: false);
        }
    }

    [Fact]
    public async Task Il6_benefits_answers_with_the_prepared_bytes_title_fields_and_footer()
    {
        using var response = await _discord.PostAsync(Command("benefits"), Ct);

        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var prepared = Prepared("benefits")!;
        Assert.Equal(prepared.CallbackBody, bytes);

        var embeds = JsonDocument.Parse(bytes).RootElement.GetProperty("data").GetProperty("embeds");
        var embed = embeds[0];
        Assert.False(string.IsNullOrEmpty(embed.GetProperty("title").GetString()));
        Assert.Equal(3, embeds.EnumerateArray().SelectMany(e => e.TryGetProperty("fields", out var f) ? f.EnumerateArray() : []).Select(f => f.GetProperty("name").GetString()!.Replace(" (cont.)", "", StringComparison.Ordinal)).Distinct().Count());
        Assert.Contains("how", embeds[embeds.GetArrayLength() - 1].GetProperty("footer").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alias_and_a_search_reach_the_section_too()
    {
        using var response = await _discord.PostAsync(Command("covid"), Ct);

        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var prepared = Prepared("illness")!;
        Assert.Equal(prepared.CallbackBody, bytes);
    }

    [Fact]
    public async Task Topic_autocomplete_suggests_sections()
    {
        using var response = await _discord.PostAsync("""
            {"id":"1","application_id":"2","type":4,"token":"t","guild_id":"3","channel_id":"4","member":{"user":{"id":"5"},"permissions":"0"},
             "data":{"name":"il6","type":1,"options":[{"name":"topic","type":3,"value":"bene","focused":true}]}}
            """, Ct);

        var choices = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("data").GetProperty("choices");
        Assert.InRange(choices.GetArrayLength(), 1, 25);
        Assert.Contains(choices.EnumerateArray(), c => c.GetProperty("value").GetString() == "benefits");
    }

    [Fact]
    public void A_section_that_cannot_fit_is_rejected_naming_its_location()
    {
        var giantLink = new LinkInline("https://example.org/" + new string('a', 5000), [new TextInline("source")]);
        var section = new ContentSection("huge", "Huge", [], 2, new MessageDocument([new ParagraphBlock([giantLink])]), [], new SourceLocation("content/il6.md", 42));
        var snapshot = new ContentSnapshot("T", "S", [section], [], DateTimeOffset.UnixEpoch);

        var error = Assert.Throws<ContentException>(() => new DiscordRenderCache().Warm(new Il6Replies().Prepare(snapshot)));

        Assert.Equal(new SourceLocation("content/il6.md", 42), error.Location);
        Assert.Contains("content/il6.md:42", error.Message, StringComparison.Ordinal);
    }

    /// <summary>What the Discord render cache holds for the section's reply, as <c>/il6</c> answers it.</summary>
    private DiscordPreparedReply? Prepared(string sectionId)
    {
        var snapshot = _discord.Host.Services.GetRequiredService<IContentStore>().Snapshot;
        var reply = _discord.Host.Services.GetRequiredService<Il6Replies>().For(snapshot).Section(snapshot.Find(sectionId)!);
        return _discord.Host.Services.GetRequiredService<DiscordRenderCache>().TryGet(reply, out var prepared) ? prepared : null;
    }

    private static string Command(string topic) => $$$"""
        {"id":"1","application_id":"2","type":2,"token":"t","guild_id":"3","channel_id":"4","member":{"user":{"id":"5"},"permissions":"0"},
         "data":{"name":"il6","type":1,"options":[{"name":"topic","type":3,"value":"{{{topic}}}"}]}}
        """;
}
