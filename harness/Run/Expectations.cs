using System.Globalization;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Run;

/// <summary>What one line of an expectations file asks of the runs it matches.</summary>
public sealed record Expectation(string Backend, string Nemesis, Validity? Verdict, IReadOnlyList<string> Has, IReadOnlyList<string> HasNot, int Line)
{
    public bool Matches(IReadOnlyList<string> row, string nemesis) =>
        (Backend == "*" || row.Contains(Backend)) && (Nemesis == "*" || Nemesis == nemesis);

    /// <summary>Null when the run is as expected, else what differs.</summary>
    public string? Judge(CheckResult? result)
    {
        if (result is null) return "the run ended before its check";
        var kinds = result.Violations.Select(v => v.Kind).ToHashSet();
        var wrong = new List<string>();
        if (Verdict is { } v && result.Valid != v) wrong.Add($"{Word(result.Valid)}, not {Word(v)}");
        wrong.AddRange(Has.Where(k => !kinds.Contains(k)).Select(k => $"no {k}"));
        wrong.AddRange(HasNot.Where(kinds.Contains).Select(k => $"{k} ({result.Violations.Count(x => x.Kind == k)})"));
        return wrong.Count == 0 ? null : string.Join(", ", wrong);
    }

    public override string ToString() =>
        string.Join(' ', new[] { Verdict is { } v ? Word(v) : "any" }.Concat(Has.Select(k => "has:" + k)).Concat(HasNot.Select(k => "no:" + k)));

    private static string Word(Validity v) => v switch { Validity.True => "valid", Validity.False => "invalid", _ => "unknown" };
}

/// <summary>
/// <c>--expect FILE</c>: the verdicts a set of runs should give, one line per rule:
/// <c>ROW NEMESIS EXPECTATION...</c>, ROW a backend (our recipe on it), a candidate's slug
/// (on any backend) or <c>slug@backend</c>, <c>*</c> matching any row or nemesis, the
/// expectation words <c>valid</c>, <c>invalid</c>, <c>unknown</c> or <c>any</c>, and
/// <c>has:KIND</c> / <c>no:KIND</c> for violation kinds that must or must not appear.
/// The first line that matches a run judges it; <c>#</c> starts a comment. A run no line
/// matches is unexpected, so a file says what it expects of every run.
/// </summary>
public sealed class Expectations(IReadOnlyList<Expectation> rules, string path)
{
    public string Path { get; } = path;

    public IReadOnlyList<Expectation> Rules { get; } = rules;

    /// <summary>Null when the run of the row with these <paramref name="names"/> (<see cref="MatrixRow.Names"/>) is as expected, else why not.</summary>
    public string? Judge(IReadOnlyList<string> names, string nemesis, CheckResult? result) =>
        Rules.FirstOrDefault(r => r.Matches(names, nemesis)) is { } rule
            ? rule.Judge(result) is { } wrong ? $"{wrong} (expected {rule} by line {rule.Line})" : null
            : $"no line of {Path} expects anything of {names[0]} under {nemesis}";

    public static Expectations Load(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"--expect {path}: no such file");
        var rules = new List<Expectation>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 3) throw Bad(path, number, "a line is BACKEND NEMESIS EXPECTATION... (* for any)");
            Validity? verdict = null;
            var has = new List<string>();
            var hasNot = new List<string>();
            foreach (var w in words.Skip(2))
            {
                if (w.StartsWith("has:", StringComparison.Ordinal) && w.Length > 4) has.Add(w[4..]);
                else if (w.StartsWith("no:", StringComparison.Ordinal) && w.Length > 3) hasNot.Add(w[3..]);
                else if (w is "valid" or "invalid" or "unknown" or "any")
                {
                    verdict = w switch { "valid" => Validity.True, "invalid" => Validity.False, "unknown" => Validity.Unknown, _ => null };
                }
                else
                {
                    throw Bad(path, number, $"\"{w}\" is not an expectation: valid, invalid, unknown, any, has:KIND or no:KIND");
                }
            }

            rules.Add(new Expectation(words[0], words[1], verdict, has, hasNot, number));
        }

        if (rules.Count == 0) throw new UsageException($"--expect {path}: no expectations in it");
        return new Expectations(rules, path);
    }

    private static UsageException Bad(string path, int line, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"--expect {path}, line {line}: {what}"));
}
