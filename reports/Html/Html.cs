using System.Net;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Html;

/// <summary>HTML escaping of every string that comes from outside, and small text helpers of the pages.</summary>
internal static class Html
{
    /// <summary>Markup escaped, and control characters and bidi overrides shown as the terminal shows them (HtmlEncode keeps them raw).</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(Text.TerminalText.Escape(text));

    public static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    /// <summary>The style class of a verdict (the stylesheet colours these three).</summary>
    public static string VerdictClass(Validity v) => v switch { Validity.True => "valid", Validity.False => "invalid", _ => "unknown" };

    /// <summary>Where <paramref name="name"/> stands in <paramref name="order"/>; names not in it come last.</summary>
    public static int Rank(IReadOnlyList<string> order, string name)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == name) return i;
        }

        return int.MaxValue;
    }
}
