using System.Globalization;

namespace ElectionJepsen.Reports.Html;

/// <summary>Orders c2 before c10.</summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var (px, nx) = Split(x ?? string.Empty);
        var (py, ny) = Split(y ?? string.Empty);
        var c = string.CompareOrdinal(px, py);
        return c != 0 ? c : nx != ny ? nx.CompareTo(ny) : string.CompareOrdinal(x, y);
    }

    private static (string Prefix, long Number) Split(string s)
    {
        var i = s.Length;
        while (i > 0 && char.IsAsciiDigit(s[i - 1])) i--;
        return i < s.Length && long.TryParse(s.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (s[..i], n) : (s, -1);
    }
}
