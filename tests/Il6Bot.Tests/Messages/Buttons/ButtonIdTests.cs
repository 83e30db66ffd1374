using CsCheck;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Tests.Messages.Buttons;

public sealed class ButtonIdTests
{
    private static readonly Gen<ButtonKind> Kinds = Gen.Enum<ButtonKind>();

    private static readonly Gen<string> Arguments =
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[0, ButtonId.MaxArgumentLength].Select(chars => new string(chars));

    private static readonly Gen<string> Parts =
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[1, 24].Select(chars => new string(chars));

    /// <summary>A nudge's Read more carries topic.nudge.schedule; every other kind one argument.</summary>
    private static readonly Gen<(ButtonKind, string)> Actions = Kinds.SelectMany(kind => kind == ButtonKind.NudgeReadMore
        ? Gen.Select(Parts, Parts, Parts).Select((t, n, s) => (kind, new NudgeReadMoreTarget(t, n, s).ToString()))
        : Arguments.Select(argument => (kind, argument)));

    [Fact]
    public void Every_action_round_trips_and_fits_Discords_custom_id_limit() =>
        Actions.Sample((kind, argument) =>
        {
            var id = ButtonId.Encode(new ButtonAction(kind, argument));
            Assert.True(id.Length <= ButtonId.MaxLength, id);
            Assert.Equal(ButtonIdProblem.None, ButtonId.TryDecode(id, out var decoded));
            Assert.Equal(new ButtonAction(kind, argument), decoded);
        });

    [Fact]
    public void Version_1_ids_already_on_posted_messages_keep_their_meaning()
    {
        // These strings are on messages in channels today; a later release must read them exactly so.
        Assert.Equal(new ButtonAction(ButtonKind.Topic, "benefits"), Decode("il6:1:t:benefits"));
        Assert.Equal(new ButtonAction(ButtonKind.ReadMore, "how"), Decode("il6:1:r:how"));
        Assert.Equal(new ButtonAction(ButtonKind.Share, "fat-and-muscle"), Decode("il6:1:s:fat-and-muscle"));
        Assert.Equal(new ButtonAction(ButtonKind.ResetInsights, string.Empty), Decode("il6:1:x:"));
        Assert.Equal(new ButtonAction(ButtonKind.NudgeReadMore, "how.n-two-to-three.n7"), Decode("il6:1:n:how.n-two-to-three.n7"));
        Assert.Equal("il6:1:t:benefits", ButtonId.Encode(new ButtonAction(ButtonKind.Topic, "benefits")));
    }

    [Theory]
    [InlineData("il6:2:t:benefits", ButtonIdProblem.NewerVersion)]
    [InlineData("il6:17:q:anything", ButtonIdProblem.NewerVersion)]
    [InlineData("il6:0:t:benefits", ButtonIdProblem.Malformed)]
    [InlineData("il6:x:t:benefits", ButtonIdProblem.Malformed)]
    [InlineData("il6:1:q:benefits", ButtonIdProblem.Malformed)]
    [InlineData("il6:1:t:Benefits", ButtonIdProblem.Malformed)]
    [InlineData("il6:1:t:../etc", ButtonIdProblem.Malformed)]
    [InlineData("il6:1:t:how.n-x.n7", ButtonIdProblem.Malformed)]
    [InlineData("il6:1:n:how", ButtonIdProblem.Malformed)]
    [InlineData("il6:1:n:how..n7", ButtonIdProblem.Malformed)]
    [InlineData("il6:1:n:how.n-x.n7.extra", ButtonIdProblem.Malformed)]
    [InlineData("il6:1:t", ButtonIdProblem.NotOurs)]
    [InlineData("il6:1:t:a:b", ButtonIdProblem.NotOurs)]
    [InlineData("other-app:1:t:benefits", ButtonIdProblem.NotOurs)]
    [InlineData("", ButtonIdProblem.NotOurs)]
    [InlineData(null, ButtonIdProblem.NotOurs)]
    public void Ids_that_cannot_be_used_say_why(string? id, ButtonIdProblem expected)
    {
        Assert.Equal(expected, ButtonId.TryDecode(id, out var action));
        Assert.Null(action);
    }

    [Fact]
    public void Garbage_of_any_length_never_throws() =>
        Gen.String[0, 300].Sample(id => ButtonId.TryDecode(id, out _) is ButtonIdProblem.None or ButtonIdProblem.NotOurs or ButtonIdProblem.NewerVersion or ButtonIdProblem.Malformed);

    [Theory]
    [InlineData("Benefits")]
    [InlineData("a b")]
    [InlineData("x:y")]
    public void An_argument_that_could_not_come_back_is_refused_when_encoding(string argument) =>
        Assert.Throws<ArgumentException>(() => ButtonId.Encode(new ButtonAction(ButtonKind.Topic, argument)));

    [Fact]
    public void A_button_label_is_cut_to_the_shorter_platform_limit() =>
        Assert.True(new ReplyButton(new string('w', 200), new ButtonAction(ButtonKind.Topic, "how")).Label.Length <= ReplyButton.MaxLabelLength);

    private static ButtonAction? Decode(string id)
    {
        Assert.Equal(ButtonIdProblem.None, ButtonId.TryDecode(id, out var action));
        return action;
    }
}
