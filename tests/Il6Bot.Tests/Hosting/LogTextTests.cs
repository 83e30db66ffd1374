using CsCheck;
using Il6Bot.Hosting;

namespace Il6Bot.Tests.Hosting;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("U1\n[12:00:00 WRN] forged", "U1\\n[12:00:00 WRN] forged")]
    [InlineData("a\r\nb\tc", "a\\r\\nb\\tc")]
    [InlineData("nul\0 esc\u001b[31m del\u007f", "nul\\u0000 esc\\u001b[31m del\\u007f")]
    [InlineData("nel\u0085 ls\u2028 ps\u2029", "nel\\u0085 ls\\u2028 ps\\u2029")]
    [InlineData("rlo\u202Eevil\u202C iso\u2066x\u2069", "rlo\\u202eevil\\u202c iso\\u2066x\\u2069")]
    [InlineData("café ✓ 😀 #general", "café ✓ 😀 #general")]
    public void Characters_that_break_or_reorder_a_line_are_escaped_and_the_rest_kept(string text, string expected)
    {
        Assert.Equal(expected, new LogText(text).ToString());
    }

    [Fact]
    public void Text_that_needs_nothing_is_the_same_string()
    {
        const string text = "UMOD1";

        Assert.Same(text, LogText.Escape(text));
    }

    [Fact]
    public void Null_reads_as_the_logger_writes_null()
    {
        Assert.Equal("(null)", new LogText(null).ToString());
    }

    [Fact]
    public void A_long_value_is_cut_saying_how_much_was_left_out()
    {
        var text = new string('a', LogText.MaxLength + 300);

        Assert.Equal(new string('a', LogText.MaxLength) + "…(+300 chars)", LogText.Escape(text));
    }

    [Fact]
    public void The_cut_never_splits_a_surrogate_pair()
    {
        var text = new string('a', LogText.MaxLength - 1) + "😀" + "tail";

        Assert.Equal(new string('a', LogText.MaxLength - 1) + "…(+6 chars)", LogText.Escape(text));
    }

    [Fact]
    public void No_text_comes_out_with_a_control_character_or_line_separator()
    {
        Gen.String[Gen.Char[(char)0, (char)0x30FF], 0, 1000].Sample(text =>
        {
            var escaped = LogText.Escape(text);

            Assert.DoesNotContain(escaped, c => char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'));
            Assert.True(escaped.Length <= (LogText.MaxLength * 6) + 32);
        });
    }
}
