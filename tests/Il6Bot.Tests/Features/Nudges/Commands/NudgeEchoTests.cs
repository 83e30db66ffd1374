using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Nudges.Commands;

/// <summary>Whatever a moderator types, an error quotes at most a short prefix of it and changes nothing.</summary>
public sealed class NudgeEchoTests
{
    private static readonly string Huge = new('x', 200_000);

    public static TheoryData<string, string, string> HugeOptions => new()
    {
        { "schedule", "day", "is not a day of the week" },
        { "schedule", "time", "is not a time" },
        { "schedule", "timezone", "is not a time zone I know" },
        { "schedule", "channel", "is not a channel" },
        { "send", "channel", "is not a channel" },
        { "cancel", "id", "There is no schedule" },
        { "pause", "id", "There is no schedule" },
        { "resume", "id", "There is no schedule" },
        { "preview", "id", "There is no schedule" },
    };

    [Theory]
    [MemberData(nameof(HugeOptions))]
    public async Task A_200000_character_option_is_quoted_as_a_short_prefix_and_nothing_changes(string subcommand, string option, string expected)
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true);
        var options = new Dictionary<string, string> { ["channel"] = "C1", ["day"] = "mon", ["time"] = "09:00", ["timezone"] = "UTC", ["id"] = "n1", [option] = Huge };

        var reply = await bed.NudgeAsync(subcommand, [.. options.Select(o => (o.Key, o.Value))]);

        var text = NudgeTestBed.Text(reply);
        Assert.True(reply.Ephemeral);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains(new string('x', EchoedInput.MaxLength - 1) + TextCut.Ellipsis, text, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', EchoedInput.MaxLength), text, StringComparison.Ordinal);
        Assert.InRange(text.Length, 1, 400);
        Assert.Empty(await bed.Store.ListAsync(Platform.Discord, NudgeTestBed.Tenant, NudgeTestBed.Ct));
        Assert.Empty(bed.Discord.Posts);
    }

    [Fact]
    public async Task A_channel_that_cannot_be_an_id_never_reaches_the_platform()
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true);
        bed.Discord.ForbiddenChannels.Add("C1\nC2");

        var multiline = NudgeTestBed.Text(await bed.NudgeAsync("schedule", ("channel", "C1\nC2"), ("day", "mon"), ("time", "09:00")));
        var justFits = NudgeTestBed.Text(await bed.NudgeAsync("schedule", ("channel", new string('c', NudgeInput.MaxChannelIdLength)), ("day", "mon"), ("time", "09:00")));

        Assert.Equal("C1 C2 is not a channel. Pick one from the channel list, e.g. /nudge schedule #general mon 09:00 Europe/Berlin.", multiline);
        Assert.StartsWith("Scheduled n1", justFits, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_is_quoted_as_text_never_as_markup()
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true);

        var reply = await bed.NudgeAsync("cancel", ("id", "[n1](https://evil.example) **x**"));

        var paragraph = Assert.IsType<ParagraphBlock>(Assert.Single(reply.Body.Blocks));
        Assert.DoesNotContain(paragraph.Inlines, i => i is LinkInline or StrongInline);
        Assert.StartsWith("There is no schedule [n1](https://evil.example) **x** here.", NudgeTestBed.Text(reply), StringComparison.Ordinal);
    }
}
