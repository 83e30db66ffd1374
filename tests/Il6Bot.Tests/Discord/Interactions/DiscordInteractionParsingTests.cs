using System.Text;
using System.Text.Json;
using Il6Bot.Discord;
using Il6Bot.Discord.Interactions;

namespace Il6Bot.Tests.Discord.Interactions;

/// <summary>How an interaction's JSON becomes the neutral request: option values of every scalar kind, nesting, and what is ignored.</summary>
public sealed class DiscordInteractionParsingTests
{
    private static DiscordInteraction Parse(string json) =>
        JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), DiscordJsonContext.Default.DiscordInteraction)!;

    [Theory]
    [InlineData("\"covid\"", "covid")]
    [InlineData("\"caf\\u00e9 \\\"x\\\"\"", "café \"x\"")]
    [InlineData("42", "42")]
    [InlineData("-1.5e3", "-1.5e3")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public void A_scalar_option_value_reaches_the_request_as_text(string value, string expected)
    {
        var interaction = Parse($$$"""{"type":2,"guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"0"},"data":{"name":"il6","type":1,"options":[{"name":"topic","type":3,"value":{{{value}}}}]}}""");

        var request = DiscordInteractionHandler.ToCommandRequest(interaction);

        Assert.Equal(expected, request.Options["topic"]);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{\"a\":[1,2,{\"b\":3}]}")]
    [InlineData("[\"x\"]")]
    public void A_value_that_is_not_a_scalar_is_left_out_and_the_rest_still_parses(string value)
    {
        var interaction = Parse($$$"""{"type":2,"guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"0"},"data":{"name":"il6","type":1,"options":[{"name":"odd","type":3,"value":{{{value}}}},{"name":"topic","type":3,"value":"how"}]}}""");

        var request = DiscordInteractionHandler.ToCommandRequest(interaction);

        Assert.False(request.Options.ContainsKey("odd"));
        Assert.Equal("how", request.Options["topic"]);
    }

    [Fact]
    public void Type_numbers_sent_in_strings_read_as_the_numbers_they_hold()
    {
        var interaction = Parse("""{"type":"2","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"0"},"data":{"name":"il6","type":1,"options":[{"name":"topic","type":"3","value":"how"}]}}""");

        Assert.Equal(DiscordInteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal(DiscordOptionType.String, interaction.Data!.Options![0].Type);
        Assert.Equal("how", DiscordInteractionHandler.ToCommandRequest(interaction).Options["topic"]);
    }

    [Theory]
    [InlineData("\"two\"")]
    [InlineData("2.5")]
    [InlineData("99999999999")]
    [InlineData("true")]
    public void A_type_that_is_no_32_bit_number_is_malformed(string type) =>
        Assert.Throws<JsonException>(() => Parse($$$"""{"type":{{{type}}}}"""));

    [Fact]
    public void A_callback_type_is_written_as_a_number()
    {
        var json = JsonSerializer.Serialize(new DiscordInteractionResponse(DiscordCallbackType.DeferredChannelMessageWithSource), DiscordJsonContext.Default.DiscordInteractionResponse);

        Assert.Equal("""{"type":5}""", json);
    }

    [Fact]
    public void Subcommand_groups_and_unknown_fields_are_read_as_Discord_sends_them()
    {
        var interaction = Parse("""
            {"id":"9","application_id":"8","type":2,"token":"tok","version":1,"locale":"en-US","app_permissions":"123",
             "guild_id":"1","channel_id":"2","entitlements":[],"authorizing_integration_owners":{"0":"1"},
             "member":{"user":{"id":"3","username":"ann","global_name":null,"avatar":null},"roles":["4"],"permissions":"32","nick":null},
             "data":{"id":"7","name":"nudge","type":1,"guild_id":"1",
                     "options":[{"name":"admin","type":2,"options":[{"name":"send","type":1,"options":[{"name":"channel","type":7,"value":"777"}]}]}],
                     "resolved":{"channels":{"777":{"id":"777","name":"general","type":0}}}}}
            """);

        var request = DiscordInteractionHandler.ToCommandRequest(interaction);

        Assert.Equal(("9", "8", "tok"), (interaction.Id, interaction.ApplicationId, interaction.Token));
        Assert.Equal("nudge", request.Command);
        Assert.Equal("admin send", request.Subcommand);
        Assert.Equal("777", request.Options["channel"]);
        Assert.Equal("3", request.UserId);
        Assert.True(request.IsModerator);
    }

    [Fact]
    public void Inbound_models_are_built_by_the_plain_object_converter()
    {
        // Constructor parameters or init-only members would send every interaction through System.Text.Json's
        // parameterized-constructor path (argument arrays, boxing); see DiscordInteraction's remarks.
        Type[] inbound = [typeof(DiscordInteraction), typeof(DiscordInteractionData), typeof(DiscordInteractionOption), typeof(DiscordMember), typeof(DiscordUser)];
        Assert.All(inbound, type => Assert.NotNull(DiscordJsonContext.Default.GetTypeInfo(type)!.CreateObject));
    }
}
