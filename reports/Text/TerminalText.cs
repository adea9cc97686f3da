using System.Globalization;
using System.Text;

namespace ElectionJepsen.Reports.Text;

/// <summary>
/// Text from a history (process names, keys, errors, values, descriptions that quote them)
/// made safe for a terminal: control characters (C0, DEL, C1), bidirectional overrides and
/// isolates, line and paragraph separators and lone surrogates are shown escaped (<c>\n</c>,
/// <c>\u001b</c>), so nothing from a file moves the cursor, recolours the screen or breaks a
/// one-line message into two. Every line the command line prints from its input passes here.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
        var first = FirstUnsafe(text);
        if (first < 0) return text;
        var safe = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(c).Append(text[++i]);
            }
            else if (!IsUnsafe(c))
            {
                safe.Append(c);
            }
            else
            {
                safe.Append(c switch
                {
                    '\n' => @"\n",
                    '\r' => @"\r",
                    '\t' => @"\t",
                    _ => @"\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
            }
        }

        return safe.ToString();
    }

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Controls, bidi marks, overrides and isolates, line separators, and (met alone) surrogates.</summary>
    private static bool IsUnsafe(char c) => c switch
    {
        < ' ' or (>= '\u007f' and <= '\u009f') => true,
        '\u061c' or '\u200e' or '\u200f' or (>= '\u2028' and <= '\u202e') or (>= '\u2066' and <= '\u2069') => true,
        _ => char.IsSurrogate(c),
    };
}
