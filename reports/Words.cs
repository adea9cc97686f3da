using System.Globalization;

namespace ElectionJepsen.Reports;

/// <summary>How the reports and the command line put counts into words: the one owner of their plurals.</summary>
public static class Words
{
    /// <summary>"1 violation", "3 violations", "12,000 operations": a noun whose plural takes an s.</summary>
    public static string Count(long n, string noun) => Count(n, noun, noun + "s");

    /// <summary>"1 history", "2 histories", "3 nemeses": a noun with a plural of its own.</summary>
    public static string Count(long n, string noun, string plural) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? noun : plural)}");
}
