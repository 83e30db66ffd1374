using System.Text;
using System.Text.Json.Nodes;
using Il6Bot.Discord;
using Il6Bot.Discord.Interactions;
using Il6Bot.Messages;
using Il6Bot.Tests.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// A 200,000-character value in any <c>/nudge</c> option, through the real host: the error quotes a short prefix,
/// fits one message (one Discord callback and no follow-ups; one Slack answer and no error log), changes nothing.
/// </summary>
public sealed class NudgeEchoEndToEndTests
{
    private const string Emoji = "\U0001F4AA";

    // The emoji straddles the quote's cut point: it must be dropped whole, never halved into U+FFFD.
    private static readonly string Huge = new string('x', EchoedInput.MaxLength - 2) + Emoji + new string('x', 200_000);

    public static TheoryData<string, string> DiscordOptions => new()
    {
        { "schedule", "day" },
        { "schedule", "time" },
        { "schedule", "timezone" },
        { "schedule", "channel" },
        { "cancel", "id" },
        { "send", "channel" },
    };

    [Theory]
    [MemberData(nameof(DiscordOptions))]
    public async Task Discord_answers_a_huge_option_in_one_callback_without_follow_ups(string subcommand, string option)
    {
        await using var world = await DiscordWorld.StartAsync();
        var host = await world.StartHostAsync();
        var values = new Dictionary<string, string> { ["channel"] = DiscordWorld.Channel, ["day"] = "mon", ["time"] = "09:00", ["timezone"] = "UTC", ["id"] = "n1", [option] = Huge };
        (string, string)[] options = [.. values.Select(v => (v.Key, v.Value))];

        var answer = await world.NudgeAsync(host, subcommand, DiscordWorld.ManageGuild, options);

        AssertShortQuote(answer.Text);
        Assert.Equal(4, answer.Type);
        Assert.True(answer.Ephemeral);
        Assert.Single(answer.Data.GetProperty("embeds").EnumerateArray());

        // The same interaction straight into the host's handler: a reply of more than one message would leave
        // follow-ups pending here (they wait for the acknowledgement this test never gives).
        var handler = host.Services.GetRequiredService<DiscordInteractionHandler>();
        var interaction = world.NudgeInteraction(DiscordWorld.Guild, subcommand, DiscordWorld.ManageGuild, options);
        var result = await handler.HandleAsync(Encoding.UTF8.GetBytes(interaction.ToJsonString()), E2E.Ct);
        Assert.Equal((int)DiscordCallbackType.ChannelMessageWithSource, System.Text.Json.JsonDocument.Parse(result.CallbackBody).RootElement.GetProperty("type").GetInt32());
        Assert.True(result.BackgroundWork.IsCompleted);
        result.Acknowledge();

        Assert.Contains("No nudges are scheduled here", (await world.NudgeAsync(host, "list")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Fake.Requests, r => r.Path.StartsWith("/webhooks/", StringComparison.Ordinal) || r.Method == "POST" && r.Path.StartsWith("/channels/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discord_quotes_a_huge_unknown_command_name_briefly()
    {
        await using var world = await DiscordWorld.StartAsync();
        var host = await world.StartHostAsync();
        var interaction = world.NudgeInteraction(DiscordWorld.Guild, "list", DiscordWorld.ManageGuild);
        interaction["data"]!["name"] = Huge;

        using var response = await world.Signer.PostAsync(host.Client, interaction.ToJsonString(), E2E.Ct);
        var answer = new DiscordAnswer(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(E2E.Ct)).RootElement.Clone());

        Assert.Contains("I don't know", answer.Text, StringComparison.Ordinal);
        AssertShortQuote(answer.Text);
        Assert.Single(answer.Data.GetProperty("embeds").EnumerateArray());
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("schedule <#C123|general> {0} 09:00")]
    [InlineData("schedule <#C123|general> mon {0}")]
    [InlineData("schedule <#C123|general> mon 09:00 {0}")]
    [InlineData("schedule {0} mon 09:00")]
    [InlineData("schedule #{0} mon 09:00")]
    [InlineData("cancel {0}")]
    [InlineData("send {0}")]
    public async Task Slack_answers_a_huge_value_in_one_message_without_an_error_log(string template)
    {
        await using var world = await SlackWorld.StartAsync();
        var logs = new CapturingLoggerProvider();
        var host = await world.StartHostAsync(configure: builder => builder.Logging.AddProvider(logs));

        var answer = await world.NudgeAsync(host, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Huge));

        Assert.True(answer.Ephemeral);
        AssertShortQuote(answer.Text);
        Assert.DoesNotContain("too long", answer.Text, StringComparison.Ordinal);
        Assert.InRange(answer.Json.GetProperty("blocks").GetArrayLength(), 1, 2);
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Il6Bot.", StringComparison.Ordinal));
        Assert.Contains("No nudges are scheduled here", (await world.NudgeAsync(host, "list")).Text, StringComparison.Ordinal);
        Assert.Empty(world.PostMessageCalls());
    }

    private static void AssertShortQuote(string text)
    {
        var quote = System.Text.RegularExpressions.Regex.Match(text, "[^\\s`]*x{10,}" + TextCut.Ellipsis);
        Assert.True(quote.Success, text);
        Assert.InRange(quote.Length, 20, EchoedInput.MaxLength);
        Assert.DoesNotContain(new string('x', EchoedInput.MaxLength - 1), text, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', text);
        Assert.DoesNotMatch(@"[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]", text);
        Assert.InRange(text.Length, 1, 1_500);
    }
}
