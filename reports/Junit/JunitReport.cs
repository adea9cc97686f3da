using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Junit;

/// <summary>What a JUnit test case is about: where it belongs, its name, how long it took, and properties worth showing.</summary>
public sealed record JunitCase(string Suite, string Name, TimeSpan Duration, IReadOnlyList<(string Name, string Value)> Properties);

/// <summary>A test case and how it ended: its check result, or (when the run never got to a check) why not.</summary>
public sealed record JunitEntry(JunitCase About, CheckResult? Result, string? Error = null);

/// <summary>
/// JUnit XML for CI dashboards: one test case per run or check, failed when the history is
/// invalid (the violations as its message and text), an error when the checker could not
/// decide. Text from outside (process names, errors, descriptions) is escaped by the XML
/// writer, and characters XML cannot hold at all are replaced.
/// </summary>
public static class JunitReport
{
    private const int MaxViolationsListed = 50;

    public static void Write(string path, JunitCase about, CheckResult result) => Write(path, [new JunitEntry(about, result)]);

    /// <summary>Writes one test case per entry (a matrix of runs, say), each suite named by its case's suite.</summary>
    public static void Write(string path, IReadOnlyList<JunitEntry> entries)
    {
        var inv = CultureInfo.InvariantCulture;
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var suites = new List<XElement>();
        foreach (var group in entries.GroupBy(e => e.About.Suite))
        {
            var cases = group.Select(Case).ToList();
            var failures = cases.Count(c => c.Element("failure") is not null);
            var errors = cases.Count(c => c.Element("error") is not null);
            var time = TimeSpan.FromTicks(group.Sum(e => e.About.Duration.Ticks));
            suites.Add(new XElement("testsuite",
                new XAttribute("name", Clean(group.Key)),
                new XAttribute("tests", cases.Count),
                new XAttribute("failures", failures),
                new XAttribute("errors", errors),
                new XAttribute("skipped", 0),
                new XAttribute("time", Seconds(time)),
                new XAttribute("timestamp", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", inv)),
                group.Count() == 1
                    ? new XElement("properties", group.First().About.Properties.Select(p => new XElement("property", new XAttribute("name", Clean(p.Name)), new XAttribute("value", Clean(p.Value)))))
                    : null,
                cases));
        }

        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "ElectionJepsen"),
                new XAttribute("tests", entries.Count),
                new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
                new XAttribute("errors", suites.Sum(s => (int)s.Attribute("errors")!)),
                new XAttribute("time", Seconds(TimeSpan.FromTicks(entries.Sum(e => e.About.Duration.Ticks)))),
                suites));
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        AtomicFile.Write(path, stream =>
        {
            using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
            document.Save(writer);
        });
    }

    private static XElement Case(JunitEntry entry)
    {
        var (about, result, error) = entry;
        var testCase = new XElement("testcase",
            new XAttribute("classname", Clean(about.Suite)),
            new XAttribute("name", Clean(about.Name)),
            new XAttribute("time", about.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)));
        if (result is null)
        {
            testCase.Add(new XElement("error", new XAttribute("message", Clean(error ?? "the run did not finish")), new XAttribute("type", "error")));
            return testCase;
        }

        if (result.Valid == Validity.False)
        {
            testCase.Add(new XElement("failure",
                new XAttribute("message", Clean($"INVALID: {Words.Count(result.Violations.Count, "violation")}: {string.Join(", ", result.Violations.Select(v => v.Kind).Distinct())}")),
                new XAttribute("type", "invalid"),
                Clean(Details(result))));
        }
        else if (result.Valid != Validity.True)
        {
            testCase.Add(new XElement("error",
                new XAttribute("message", Clean($"unknown: {result.UnknownReason}")),
                new XAttribute("type", "unknown")));
        }

        testCase.Add(new XElement("system-out", Clean(Summary(result))));
        return testCase;
    }

    private static string Details(CheckResult result)
    {
        var text = new StringBuilder();
        foreach (var v in result.Violations.Take(MaxViolationsListed))
        {
            var lines = string.Join(", ", v.Indices.Select(i => (i + 1).ToString(CultureInfo.InvariantCulture)));
            text.AppendLine(CultureInfo.InvariantCulture, $"{v.Kind}: {v.Description} (history lines {lines})");
        }

        if (result.Violations.Count > MaxViolationsListed) text.AppendLine(CultureInfo.InvariantCulture, $"... and {result.Violations.Count - MaxViolationsListed} more in {ResultsJson.FileName}");
        return text.ToString();
    }

    private static string Summary(CheckResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"model {result.Model}; {result.History.Operations} operations by {string.Join(" ", result.History.Processes)}");
        if (result.Failover is { Count: > 0 } f)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"failover: {f.Count} leaderless windows, p50 {f.P50Ms:0.#} ms, p99 {f.P99Ms:0.#} ms, max {f.MaxMs:0.#} ms");
        }

        if (result.Fencing is { } fencing) text.AppendLine(CultureInfo.InvariantCulture, $"fencing: {fencing.WritesRefused} stale writes and {fencing.JobsRefused} stale jobs refused");
        return text.ToString();
    }

    /// <summary>The text without the characters XML 1.0 cannot hold (most control characters, lone surrogates).</summary>
    internal static string Clean(string text)
    {
        if (text.All(XmlConvert.IsXmlChar)) return text;
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else
            {
                clean.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return clean.ToString();
    }
}
