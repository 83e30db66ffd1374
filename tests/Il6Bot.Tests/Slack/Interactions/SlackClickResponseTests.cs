using System.Text.Json;
using Il6Bot.Commands.Buttons;
using Il6Bot.Features.Il6;
using Il6Bot.Slack.Interactions;
using Il6Bot.Slack.Rendering;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Features.Il6;

namespace Il6Bot.Tests.Slack.Interactions;

public sealed class SlackClickResponseTests
{
    private static readonly SlackRenderCache Cache = Warmed();

    private static SlackRenderCache Warmed()
    {
        var cache = new SlackRenderCache();
        cache.Warm(ArticleFixture.Prepared.Sections);
        return cache;
    }

    private static JsonElement Json(ClickAnswer answer) => JsonDocument.Parse(SlackClickResponse.ToJson(answer, Cache)).RootElement;

    [Theory]
    [InlineData(ClickDelivery.PrivateMessage, "ephemeral", false)]
    [InlineData(ClickDelivery.ReplacePrivateMessage, "ephemeral", true)]
    [InlineData(ClickDelivery.PublicMessage, "in_channel", false)]
    public void The_delivery_decides_response_type_and_replace_original(ClickDelivery delivery, string responseType, bool replace)
    {
        var section = ArticleFixture.Prepared.PrivateSection(ArticleFixture.Snapshot.Find("how")!);

        var json = Json(new ClickAnswer(section, delivery));

        Assert.Equal(responseType, json.GetProperty("response_type").GetString());
        Assert.Equal(replace, json.GetProperty("replace_original").GetBoolean());
        Assert.Equal("How Can You Reap the Rewards of Interleukin-6?", json.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public void A_private_section_is_the_prepared_answer_with_replace_original_in_front()
    {
        var section = ArticleFixture.Prepared.PrivateSection(ArticleFixture.Snapshot.Find("benefits")!);
        Assert.True(Cache.TryGet(section, out var prepared));

        var json = SlackClickResponse.ToJson(new ClickAnswer(section, ClickDelivery.PrivateMessage), Cache);

        Assert.Equal("{\"replace_original\":false,"u8.ToArray().Concat(prepared[1..]), json);
    }

    [Fact]
    public void A_shared_section_is_public_and_names_who_shared_it()
    {
        var section = ArticleFixture.Prepared.Section(ArticleFixture.Snapshot.Find("what")!);

        var json = Json(new ClickAnswer(Il6ButtonHandler.Shared(section, "U77"), ClickDelivery.PublicMessage));

        Assert.Equal("in_channel", json.GetProperty("response_type").GetString());
        Assert.Contains("Shared by <@U77>", JsonStrings.Of(json.GetProperty("blocks")), StringComparison.Ordinal);
    }
}
