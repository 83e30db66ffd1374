using Il6Bot.LocalConsole;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>The console's own channel mark-up; the core gets the bare name and knows no mark-up.</summary>
public sealed class ConsoleChannelReferenceTests
{
    [Theory]
    [InlineData("#general", "general")]
    [InlineData("general", "general")]
    [InlineData(" ##general ", "general")]
    [InlineData("<#C1>", "C1")]
    [InlineData("<#C1|general>", "C1")]
    [InlineData("#<#C1|general>", "C1")]
    [InlineData("<##general>", "general")]
    [InlineData("<#|general>", "")]
    [InlineData("<#>", "")]
    [InlineData("#", "")]
    public void A_typed_channel_becomes_its_bare_name(string typed, string expected) =>
        Assert.Equal(expected, ConsoleChannelReference.Normalize(typed));

    [Fact]
    public void Text_that_is_not_mark_up_is_passed_on_for_the_core_to_check() =>
        Assert.Equal("<#unclosed", ConsoleChannelReference.Normalize("<#unclosed"));
}
