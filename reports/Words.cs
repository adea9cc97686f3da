using System.Globalization;

namespace ElectionJepsen.Reports;

/// <summary>How the reports put numbers into words.</summary>
internal static class Words
{
    /// <summary>"1 violation", "3 violations", "12,000 operations".</summary>
    public static string Count(long n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? string.Empty : "s")}");
}
