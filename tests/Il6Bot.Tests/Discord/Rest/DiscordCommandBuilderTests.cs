using Il6Bot.Commands;
using Il6Bot.Discord.Rest;

namespace Il6Bot.Tests.Discord.Rest;

/// <summary>
/// The command definitions start-up sends Discord. Discord refuses the whole bulk overwrite when one command breaks
/// its rules ("Application Command Structure" in its docs), so every spec must come out fitting them.
/// </summary>
public sealed class DiscordCommandBuilderTests
{
    [Fact]
    public void Required_options_are_sent_before_optional_ones_and_otherwise_in_the_specs_order()
    {
        // Discord rejects a required option listed after an optional one; a spec lists them in reading order.
        var command = DiscordCommandBuilder.Build(Command(
            new OptionSpec("zone", "Zone"),
            new OptionSpec("channel", "Where", OptionKind.Channel, Required: true),
            new OptionSpec("note", "Note"),
            new OptionSpec("day", "Day", Required: true)));

        Assert.Equal(["channel", "day", "zone", "note"], command.Options!.Select(o => o.Name));
        Assert.Equal([true, true, null, null], command.Options!.Select(o => o.Required));
    }

    [Fact]
    public void Names_are_sent_in_lower_case_as_Discord_requires_of_slash_commands()
    {
        var command = DiscordCommandBuilder.Build(new CommandSpec(
            "Echo", "Repeats", [], [new SubcommandSpec("Send", "Sends", [new OptionSpec("Text", "What to say")])]));

        Assert.Equal("echo", command.Name);
        var send = Assert.Single(command.Options!);
        Assert.Equal("send", send.Name);
        Assert.Equal("text", Assert.Single(send.Options!).Name);
    }

    [Theory]
    [InlineData("", "-")]
    [InlineData("   ", "-")]
    [InlineData("  Say it  ", "Say it")]
    public void A_description_is_never_empty(string description, string sent)
    {
        var command = DiscordCommandBuilder.Build(new CommandSpec("echo", description, [new OptionSpec("text", description)], []));

        Assert.Equal(sent, command.Description);
        Assert.Equal(sent, Assert.Single(command.Options!).Description);
    }

    [Fact]
    public void A_description_longer_than_Discords_100_characters_is_cut_to_100()
    {
        var fits = new string('a', 100);
        var command = DiscordCommandBuilder.Build(new CommandSpec("echo", new string('d', 101), [new OptionSpec("text", fits)], []));
        var grouped = DiscordCommandBuilder.Build(new CommandSpec("mod", "Moderator things", [], [new SubcommandSpec("send", new string('s', 250), [])]));

        Assert.Equal(new string('d', 99) + "\u2026", command.Description);
        Assert.Equal(fits, Assert.Single(command.Options!).Description);
        Assert.Equal(100, Assert.Single(grouped.Options!).Description.Length);
    }

    [Fact]
    public void Autocomplete_is_asked_for_on_text_options_only()
    {
        // Discord refuses autocomplete on a channel, role or boolean option: it offers its own pickers there.
        var command = DiscordCommandBuilder.Build(Command(
            new OptionSpec("topic", "Topic", Autocomplete: true),
            new OptionSpec("channel", "Where", OptionKind.Channel, Autocomplete: true),
            new OptionSpec("mention", "Who", OptionKind.Mention, Autocomplete: true),
            new OptionSpec("undo", "Undo", OptionKind.Boolean, Autocomplete: true)));

        Assert.Equal([true, null, null, null], command.Options!.Select(o => o.Autocomplete));
    }

    [Fact]
    public void Only_a_whole_number_option_carries_a_minimum()
    {
        var command = DiscordCommandBuilder.Build(Command(
            new OptionSpec("page", "Page", OptionKind.Integer, MinValue: 1),
            new OptionSpec("name", "Name", MinValue: 1)));

        Assert.Equal([1, null], command.Options!.Select(o => o.MinValue));
    }

    private static CommandSpec Command(params OptionSpec[] options) => new("echo", "Repeats", options, []);
}
