using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Reports.Tests.Text;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("c1\u001b[2J", @"c1\u001b[2J")]
    [InlineData("line\nnext", @"line\nnext")]
    [InlineData("back\rover", @"back\rover")]
    [InlineData("a\tb", @"a\tb")]
    [InlineData("nul\0", @"nul\u0000")]
    [InlineData("del\u007f", @"del\u007f")]
    [InlineData("csi\u009b31m", @"csi\u009b31m")]
    [InlineData("evil\u202Etxt.exe", @"evil\u202etxt.exe")]
    [InlineData("iso\u2066late\u2069", @"iso\u2066late\u2069")]
    [InlineData("para\u2029graph", @"para\u2029graph")]
    public void Controls_and_bidi_overrides_are_shown_escaped(string raw, string shown) =>
        Assert.Equal(shown, TerminalText.Escape(raw));

    [Theory]
    [InlineData("c1")]
    [InlineData("élection 選挙 ✓")]
    [InlineData("emoji 😀 pair")]
    [InlineData("")]
    public void Printable_text_passes_unchanged(string text) =>
        Assert.Same(text, TerminalText.Escape(text));

    [Fact]
    public void A_lone_half_of_a_surrogate_pair_is_shown_escaped() =>
        Assert.Equal(@"lone \ud800 half \udc00", TerminalText.Escape("lone " + (char)0xD800 + " half " + (char)0xDC00));

    [Fact]
    public void Null_is_empty() => Assert.Equal(string.Empty, TerminalText.Escape(null));

    [Fact]
    public void No_character_reaches_the_terminal_as_a_control_a_bidi_override_or_half_a_pair()
    {
        for (var c = (int)char.MinValue; c <= char.MaxValue; c++)
        {
            var shown = TerminalText.Escape($"a{(char)c}b");
            Assert.DoesNotContain(shown, ch => char.IsControl(ch) || char.IsSurrogate(ch) || ch is (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029');
        }
    }
}
