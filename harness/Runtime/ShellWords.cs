using System.Text.RegularExpressions;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// Words as a POSIX shell reads them back: each as it is when it holds nothing the shell
/// would change, else in single quotes (a quote inside closed, escaped and opened again).
/// </summary>
public static partial class ShellWords
{
    public static string Quote(string word) =>
        Plain().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The words, each quoted as needed, one space between.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    [GeneratedRegex("^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex Plain();
}
