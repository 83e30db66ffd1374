using CsCheck;
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

    private static readonly CommandSpec Paged = new(
        "nudge",
        "Weekly nudges",
        [],
        [
            new SubcommandSpec("schedule", "Schedule", [
                new OptionSpec("channel", "Channel", OptionKind.Channel, Required: true),
                new OptionSpec("day", "Day", Required: true),
                new OptionSpec("time", "Time", Required: true),
            ]),
            new SubcommandSpec("list", "List", [
                new OptionSpec("channel", "Channel", OptionKind.Channel),
                new OptionSpec("page", "Page", OptionKind.Integer, MinValue: 1),
            ]),
        ]);

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
    public void A_free_text_line_parses_as_the_general_parser_parses_it()
    {
        // Any mix of words and white space, including the kinds Split(null) splits at that are not a plain space.
        var lines = Gen.String[Gen.Char[" \t\n\r\u00A0\u2003\u3000ab-é"], 0, 12];
        CommandSpec[] specs = [Il6, Il6 with { Options = [new OptionSpec("topic", "Topic", Required: true, Rest: true)] }];

        Gen.Select(lines, Gen.Int[0, 1]).Sample((text, which) =>
        {
            var spec = specs[which];
            var fast = CommandTextParser.Parse(spec, text);
            var general = CommandTextParser.ParseTokens(spec, text);

            Assert.Equal(general.Error, fast.Error);
            Assert.Equal(general.Subcommand, fast.Subcommand);
            Assert.Equal(general.Options.OrderBy(o => o.Key), fast.Options.OrderBy(o => o.Key));
            Assert.Equal(general.Options.GetValueOrDefault("TOPIC"), fast.Options.GetValueOrDefault("TOPIC"));
        }, iter: 5_000);
    }

    [Theory]
    [InlineData("benefits")]
    [InlineData("burn fat")]
    public void A_line_that_is_already_single_spaced_words_is_taken_as_it_is(string text) =>
        Assert.Same(text, CommandTextParser.Parse(Il6, text).Options["topic"]);

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

    [Theory]
    [InlineData("list", null, null)]
    [InlineData("list 2", null, "2")]
    [InlineData("list <#C1|general>", "<#C1|general>", null)]
    [InlineData("list <#C1|general> 2", "<#C1|general>", "2")]
    [InlineData("list 2 <#C1|general>", "<#C1|general>", "2")]
    [InlineData("list page=2", null, "2")]
    [InlineData("list PAGE:2 channel=#general", "#general", "2")]
    [InlineData("list #general page=abc", "#general", "abc")]
    [InlineData("list -1", null, "-1")]
    public void A_number_fills_the_number_option_wherever_it_is_typed_and_options_can_be_named(string text, string? channel, string? page)
    {
        var result = CommandTextParser.Parse(Paged, text);

        Assert.Null(result.Error);
        Assert.Equal(channel, result.Options.GetValueOrDefault("channel"));
        Assert.Equal(page, result.Options.GetValueOrDefault("page"));
    }

    [Fact]
    public void Named_options_fill_in_any_order_and_the_rest_stay_positional()
    {
        var result = CommandTextParser.Parse(Paged, "schedule time=09:00 <#C1> mon");

        Assert.Null(result.Error);
        Assert.Equal(("<#C1>", "mon", "09:00"), (result.Options["channel"], result.Options["day"], result.Options["time"]));
    }

    [Theory]
    [InlineData("list #a 2 3", "Too many values. Usage: `/nudge list [channel] [page]`")]
    [InlineData("list page=2 page=3", "`page` is given twice. Usage: `/nudge list [channel] [page]`")]
    [InlineData("list page=", "`page` needs a value. Usage: `/nudge list [channel] [page]`")]
    [InlineData("list #a #b", "Too many values. Usage: `/nudge list [channel] [page]`")]
    public void Bad_paging_input_says_what_to_type(string text, string expected) =>
        Assert.Equal(expected, CommandTextParser.Parse(Paged, text).Error);

    [Fact]
    public void A_huge_unknown_subcommand_is_quoted_briefly()
    {
        var error = CommandTextParser.Parse(Paged, new string('x', 200_000)).Error!;

        Assert.StartsWith("`/nudge " + new string('x', 72) + "…` is not a subcommand.", error, StringComparison.Ordinal);
        Assert.InRange(error.Length, 1, 300);
    }
}
