using System.Diagnostics;
using System.Globalization;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Run.Live;
using ElectionJepsen.Reports;
using ElectionJepsen.Reports.Junit;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// <c>--backend all</c>, <c>--nemesis all</c> and/or several <c>--candidate</c>s: a run of every
/// row (a backend with our recipe, or a candidate of the contract on a backend) under every
/// nemesis (none included), one after another, each a run directory in the store, with
/// progress across the cells, then one summary table. The exit code is the worst of the
/// cells: an error is worse than unknown, unknown worse than invalid, invalid worse than
/// valid. Ctrl-C ends the current run as a single run ends (healed and checked) and stops.
/// </summary>
public sealed class MatrixRun(
    RunOptions template,
    IReadOnlyList<MatrixRow> rows,
    IReadOnlyList<IReadOnlyList<string>> nemeses,
    bool scopeGiven,
    Expectations? expect,
    TextWriter stdout)
{
    public IReadOnlyList<MatrixCell> Cells { get; } =
        [.. rows.SelectMany(r => nemeses.Select(n => new MatrixCell(r, Name(n))))];

    public async Task<int> RunAsync(CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var nemesisOf = nemeses.ToDictionary(Name, n => n);
        stdout.WriteLine($"matrix: {Words.Count(rows.Count, rows.Any(r => r.Candidate is not null) ? "row" : "backend")} × {Words.Count(nemeses.Count, "nemesis", "nemeses")} = {Words.Count(Cells.Count, "run")} of {Seconds(template.TimeLimit)} each, seed {template.Seed}, store {Path.GetFullPath(template.Store)}");
        for (var i = 0; i < Cells.Count && !cancel.IsCancellationRequested; i++)
        {
            var cell = Cells[i];
            var left = i == 0 ? string.Empty : $"; about {Minutes(clock.Elapsed / i * (Cells.Count - i))} left";
            stdout.WriteLine();
            stdout.WriteLine($"=== run {i + 1} of {Cells.Count}: {cell.Label} under {cell.Nemesis} ({Minutes(clock.Elapsed)} in{left})");
            var backend = cell.Row.Servers;
            var options = template with
            {
                Backend = cell.Backend,
                Candidate = cell.Row.Candidate,
                Nemeses = nemesisOf[cell.Nemesis],
                PartitionScope = scopeGiven ? template.PartitionScope : backend.DefaultPartitionScope,
                Junit = null,
            };
            var run = new RunVerb(options, backend, stdout)
            {
                Matrix = new MatrixProgress(i + 1, Cells.Count, cell.Label, cell.Nemesis, i == 0 ? null : clock.Elapsed / i * (Cells.Count - i), TimeProvider.System.GetTimestamp()),
            };
            var started = Stopwatch.StartNew();
            try
            {
                cell.ExitCode = await run.RunAsync(cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Ctrl-C before the run got to its test: it undid what it had made; stop here.
                cell.ExitCode = ExitCodes.Unknown;
                cell.Error = "interrupted before the test began";
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                cell.ExitCode = ExitCodes.For(e);
                cell.Error = e.Message;
                stdout.WriteLine($"run {i + 1} of {Cells.Count} failed: {e.Message}");
            }

            cell.Elapsed = started.Elapsed;
            cell.Directory = run.Directory;
            cell.Result = run.Result;

            // The page after every run, so that it fills in as the matrix goes (and a night
            // cut short still has one), whether the run got to its check or not.
            if (Directory.Exists(template.Store)) stdout.WriteLine(StoreComparison.Rewrite(template.Store));
            if (expect is not null)
            {
                cell.Unexpected = cell.Error ?? expect.Judge(cell.Row.Names, cell.Nemesis, cell.Result);
                stdout.WriteLine(cell.Unexpected is null ? $"expected  yes ({expect.Path})" : $"expected  NO: {cell.Unexpected}");
            }
            if (template.Junit is { } junit) WriteJunit(junit);
        }

        stdout.WriteLine();
        if (cancel.IsCancellationRequested) stdout.WriteLine($"interrupted: {Cells.Count(c => c.ExitCode is not null)} of {Cells.Count} runs done");
        Summary(clock.Elapsed);
        if (template.Junit is { } file) stdout.WriteLine($"junit     {file}");
        var worst = Worst(Cells.Where(c => c.ExitCode is not null).Select(c => c.ExitCode!.Value));
        if (expect is not null)
        {
            // Judged by the expectations: 0 when every run is as expected, 1 when one is not,
            // and a run's own error code (64 and up) when one could not run at all.
            var done = Cells.Where(c => c.ExitCode is not null).ToList();
            var unexpected = done.Where(c => c.Unexpected is not null).ToList();
            stdout.WriteLine($"expected  {done.Count - unexpected.Count} of {done.Count} runs as {expect.Path} expects");
            foreach (var c in unexpected) stdout.WriteLine($"  unexpected: {c.Label} under {c.Nemesis}: {c.Unexpected}");
            worst = worst >= ExitCodes.Usage ? worst : unexpected.Count > 0 ? ExitCodes.Invalid : ExitCodes.Valid;
            stdout.WriteLine($"exit      {worst} ({(worst == 0 ? "every run as expected" : worst == 1 ? "a run not as expected" : "a run could not run")})");
        }
        else
        {
            stdout.WriteLine($"exit      {worst} (the worst of the runs)");
        }

        return cancel.IsCancellationRequested && worst == ExitCodes.Valid ? ExitCodes.Unknown : worst;
    }

    private static string Name(IReadOnlyList<string> nemeses) => nemeses.Count == 0 ? NemesisNames.None : string.Join(',', nemeses);

    /// <summary>The worst exit code: an error (64 and up) over unknown (2) over invalid (1) over valid (0).</summary>
    public static int Worst(IEnumerable<int> codes) =>
        codes.DefaultIfEmpty(ExitCodes.Valid).MaxBy(c => c switch { ExitCodes.Valid => 0, ExitCodes.Invalid => 1, ExitCodes.Unknown => 2, _ => 3 + c });

    private void Summary(TimeSpan elapsed)
    {
        var columns = Cells.Select(c => c.Nemesis).Distinct().ToList();
        var labels = Cells.Select(c => c.Label).Distinct().ToList();
        var width = Math.Max(10, columns.Max(c => c.Length) + 2);
        var first = Math.Max(9, labels.Max(r => r.Length) + 2);
        stdout.WriteLine($"matrix    {Cells.Count(c => c.ExitCode is not null)} runs in {Minutes(elapsed)}:");
        stdout.WriteLine(("  " + (rows.Any(r => r.Candidate is not null) ? "row" : "backend").PadRight(first) + string.Concat(columns.Select(c => c.PadRight(width)))).TrimEnd());
        foreach (var label in labels)
        {
            var line = "  " + label.PadRight(first);
            foreach (var column in columns) line += Cells.First(c => c.Label == label && c.Nemesis == column).Short.PadRight(width);
            stdout.WriteLine(line.TrimEnd());
        }

        foreach (var cell in Cells.Where(c => c.ExitCode is not (null or ExitCodes.Valid)))
        {
            var why = cell.Result is { Violations.Count: > 0 } r
                ? string.Join(", ", r.Violations.GroupBy(v => v.Kind).Select(g => $"{g.Count()} {g.Key}"))
                : cell.Error ?? cell.Result?.UnknownReason ?? string.Empty;
            stdout.WriteLine($"  {cell.Label} under {cell.Nemesis}: {cell.Short}{(why.Length > 0 ? $": {why}" : string.Empty)}{(cell.Directory is { } d ? $" ({d})" : string.Empty)}");
        }
    }

    private void WriteJunit(string path) =>
        JunitReport.Write(path, [.. Cells.Where(c => c.ExitCode is not null).Select(c =>
            new JunitEntry(RunVerb.Junit(template with { Backend = c.Backend, Candidate = c.Row.Candidate, Nemeses = nemeses.First(n => Name(n) == c.Nemesis) }, c.Directory, c.Elapsed), c.Result, c.Error ?? $"the run ended with exit code {c.ExitCode} before its check"))]);

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0} s");

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min {t.Seconds:00} s")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0} s");
}
