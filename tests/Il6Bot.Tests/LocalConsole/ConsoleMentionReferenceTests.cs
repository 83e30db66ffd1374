using Il6Bot.LocalConsole;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>The console's own mention mark-up; the core gets the neutral form (<c>here</c>, <c>group:ID</c>, ...) and knows no mark-up.</summary>
public sealed class ConsoleMentionReferenceTests
{
    [Theory]
    [InlineData("@here", "here")]
    [InlineData(" @Here ", "here")]
    [InlineData("here", "here")]
    [InlineData("@everyone", "everyone")]
    [InlineData("@EVERYONE", "everyone")]
    [InlineData("@channel", "channel")]
    [InlineData("none", "none")]
    [InlineData("None", "none")]
    [InlineData("@Runners", "group:Runners")]
    [InlineData("Runners", "group:Runners")]
    public void A_typed_mention_becomes_the_cores_neutral_form(string typed, string expected) =>
        Assert.Equal(expected, ConsoleMentionReference.Normalize(typed));

    [Fact]
    public void Only_the_bare_word_none_takes_the_mention_off_and_a_group_may_be_called_none() =>
        Assert.Equal("group:none", ConsoleMentionReference.Normalize("@none"));
}
