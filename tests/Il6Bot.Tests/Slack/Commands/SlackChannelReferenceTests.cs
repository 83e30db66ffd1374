using Il6Bot.Slack.Commands;

namespace Il6Bot.Tests.Slack.Commands;

public class SlackChannelReferenceTests
{
    [Theory]
    [InlineData("<#C0123ABCD|general>", "C0123ABCD")]
    [InlineData("<#C0123ABCD>", "C0123ABCD")]
    [InlineData(" <#G8PSS9T3V|private-room> ", "G8PSS9T3V")]
    [InlineData("C0123ABCD", "C0123ABCD")]
    public void Escaped_channels_and_bare_ids_give_the_id(string typed, string expected)
    {
        Assert.Equal(expected, SlackChannelReference.Normalize(typed, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("#general", "# menu")]
    [InlineData("general", "Type `#`")]
    [InlineData("<@U123>", "Type `#`")]
    public void Names_without_an_id_get_a_clear_instruction(string typed, string hint)
    {
        Assert.Null(SlackChannelReference.Normalize(typed, out var problem));
        Assert.Contains(hint, problem, StringComparison.Ordinal);
    }
}
