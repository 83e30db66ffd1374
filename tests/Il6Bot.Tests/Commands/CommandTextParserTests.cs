using Il6Bot.Commands;

namespace Il6Bot.Tests.Commands;

public sealed class CommandTextParserTests
{
    private static readonly CommandSpec Il6 = new("il6", "Article sections", [new OptionSpec("topic", "Topic", Rest: true)], []);

    private static readonly CommandSpec Nudge = new(
        "nudge",
        "Weekly nudges",
        [],
        [
            new SubcommandSpec("schedule", "Schedule", [
                new OptionSpec("channel", "Channel", OptionKind.Channel, Required: true),
                new OptionSpec("day", "Day", Required: true),
                new OptionSpec("time", "Time", Required: true),
                new OptionSpec("timezone", "Zone"),
            ]),
            new SubcommandSpec("list", "List", []),
        ],
        ModeratorOnly: true);

    [Theory]
    [InlineData("", null)]
    [InlineData("benefits", "benefits")]
    [InlineData("  burn   fat fast ", "burn fat fast")]
    public void Rest_option_takes_the_remaining_words(string text, string? expected)
    {
        var result = CommandTextParser.Parse(Il6, text);

        Assert.Null(result.Error);
        Assert.Equal(expected, result.Options.GetValueOrDefault("topic"));
    }

    [Fact]
    public void Subcommand_positional_options_are_named_from_the_spec()
    {
        var result = CommandTextParser.Parse(Nudge, "schedule <#C1|general> mon 09:00 Europe/Berlin");

        Assert.Null(result.Error);
        Assert.Equal("schedule", result.Subcommand);
        Assert.Equal("<#C1|general>", result.Options["channel"]);
        Assert.Equal("mon", result.Options["day"]);
        Assert.Equal("09:00", result.Options["time"]);
        Assert.Equal("Europe/Berlin", result.Options["timezone"]);
    }

    [Theory]
    [InlineData("", "Usage: `/nudge schedule channel day time [timezone]`, `/nudge list`")]
    [InlineData("frobnicate", "`/nudge frobnicate` is not a subcommand.")]
    [InlineData("schedule #general mon", "Missing `time`. Usage: `/nudge schedule channel day time [timezone]`")]
    [InlineData("list extra", "Too many values. Usage: `/nudge list`")]
    public void Bad_input_says_what_to_type(string text, string expectedStart)
    {
        var result = CommandTextParser.Parse(Nudge, text);

        Assert.NotNull(result.Error);
        Assert.StartsWith(expectedStart, result.Error, StringComparison.Ordinal);
    }
}
