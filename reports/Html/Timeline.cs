using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Html;

/// <summary>A leadership epoch: a process led with a token from its grant to its last act.</summary>
internal readonly record struct Epoch(int Process, long Token, long FromNs, long ToNs);

/// <summary>A nemesis window: what was done, to whom, from the fault's invoke to its heal's completion.</summary>
internal readonly record struct FaultWindow(string What, long FromNs, long ToNs);

/// <summary>A violation placed on the timeline: its number in the list, the process and the time of its first act.</summary>
internal readonly record struct ViolationMark(int Number, string Kind, int Process, long AtNs);

/// <summary>
/// What the timeline draws, gathered from the history in one pass: each candidate's epochs,
/// and per lane and pixel column whether leader claims, accepted and refused writes and jobs
/// fell there. Marks are aggregated into columns, so the drawing stays small for a history of
/// any length (runs of equal columns become one rectangle).
/// </summary>
internal sealed class TimelineData
{
    public const int Width = 1100;
    public const int Columns = Width;

    public TimelineData(History history, CheckResult result)
    {
        History = history;
        EndNs = Math.Max(1, history.LastTime);
        Lanes = [.. Enumerable.Range(0, history.Processes.Count)
            .Where(p => history.Processes[p] != "nemesis")
            .OrderBy(p => history.Processes[p], NaturalOrder.Instance)];
        var epochs = new Dictionary<(int, long), (long From, long To)>();
        var faults = new List<FaultWindow>();
        Operation? openFault = null;
        foreach (var o in history.Operations)
        {
            if (history.ProcessName(o.Process) == "nemesis")
            {
                if (IsHeal(o.F))
                {
                    if (openFault is { } f) faults.Add(new FaultWindow(Describe(f), f.InvokeTime, o.IsOpen ? EndNs : o.CompleteTime));
                    openFault = null;
                }
                else if (o.Outcome != Outcome.Fail)
                {
                    openFault = o;
                }

                continue;
            }

            if (o.Output.Token is not { } token || o.Outcome == Outcome.Info) continue;
            if (o.F is "acquire" or "renew" && o.Outcome == Outcome.Ok)
            {
                var k = (o.Process, token);
                epochs[k] = epochs.TryGetValue(k, out var e) ? (Math.Min(e.From, o.CompleteTime), Math.Max(e.To, o.CompleteTime)) : (o.CompleteTime, o.CompleteTime);
            }
            else if (IsAct(o) && epochs.TryGetValue((o.Process, token), out var e))
            {
                epochs[(o.Process, token)] = (e.From, Math.Max(e.To, o.CompleteTime));
            }
        }

        if (openFault is { } last) faults.Add(new FaultWindow(Describe(last), last.InvokeTime, EndNs));
        Epochs = [.. epochs.Select(kv => new Epoch(kv.Key.Item1, kv.Key.Item2, kv.Value.From, kv.Value.To)).OrderBy(e => e.FromNs)];
        Faults = faults;
        Leaderless = result.FailoverWindows;
        var at = history.Operations.SelectMany(o => new[] { (o.InvokeIndex, o), (o.CompleteIndex, o) }).Where(x => x.Item1 >= 0);
        var wanted = result.Violations.SelectMany(v => v.Indices.Take(1)).ToHashSet();
        var byIndex = new Dictionary<long, Operation>();
        foreach (var (index, op) in at)
        {
            if (wanted.Contains(index)) byIndex.TryAdd(index, op);
        }

        Marks = [.. result.Violations.Select((v, i) => (v, i))
            .Where(x => x.v.Indices.Count > 0 && byIndex.ContainsKey(x.v.Indices[0]))
            .Select(x =>
            {
                var op = byIndex[x.v.Indices[0]];
                return new ViolationMark(x.i + 1, x.v.Kind, op.Process, op.IsOpen ? op.InvokeTime : op.CompleteTime);
            })];
    }

    private Dictionary<string, int>? _processIndex;

    public History History { get; }

    public long EndNs { get; }

    public IReadOnlyList<int> Lanes { get; }

    public IReadOnlyList<Epoch> Epochs { get; }

    public IReadOnlyList<FaultWindow> Faults { get; }

    public IReadOnlyList<LeaderlessWindow> Leaderless { get; }

    public IReadOnlyList<ViolationMark> Marks { get; }

    /// <summary>The index of a process by name, or -1.</summary>
    public int ProcessIndex(string name)
    {
        _processIndex ??= History.Processes.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);
        return _processIndex.TryGetValue(name, out var i) ? i : -1;
    }

    /// <summary>What an event says: its f, its value (a JSON string shown as its text) and its error.</summary>
    public static string NoteText(HistoryEvent e)
    {
        var value = e.Value.Json is { } json ? Unquote(json) : null;
        return string.Join(": ", new[] { e.F, value, e.Error }.Where(x => !string.IsNullOrEmpty(x)));
    }

    private static string Unquote(string json)
    {
        if (!json.StartsWith('"')) return json;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<string>(json) ?? json;
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    public static bool IsHeal(string f) => f is "heal" or "start" or "resume" or "reset-clock" || f.StartsWith("stop-", StringComparison.Ordinal);

    private static bool IsAct(Operation o) =>
        o.F is "write" or "job" || (o.F == "claim" && o.Output.Leader == true);

    private static string Describe(Operation fault)
    {
        var json = fault.Output.Json;
        if (json is null) return fault.F;
        try
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json);
            var detail = node?["shape"]?.ToString() ?? (node?["process"] is { } p ? $"{p} on {node["host"]}" : null);
            return detail is null ? fault.F : $"{fault.F}: {detail}";
        }
        catch (System.Text.Json.JsonException)
        {
            return fault.F;
        }
    }
}

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

/// <summary>Draws the timeline, or a zoomed part of it, as SVG.</summary>
internal static class TimelineSvg
{
    private const int Left = 70;
    private const int Lane = 24;
    private const int Top = 38;

    public static void Write(StringBuilder html, TimelineData data, long fromNs, long toNs, string id)
    {
        var inv = CultureInfo.InvariantCulture;
        var span = Math.Max(1, toNs - fromNs);
        double X(long t) => Left + (Math.Clamp(t, fromNs, toNs) - fromNs) * (double)TimelineData.Width / span;
        var lanes = data.Lanes;
        var height = Top + ((lanes.Count + 1) * Lane) + 24;
        html.Append(inv, $"<svg id=\"{id}\" class=\"timeline\" viewBox=\"0 0 {Left + TimelineData.Width + 10} {height}\" width=\"100%\" role=\"img\" aria-label=\"timeline\">");

        // Nemesis windows, shaded and labelled, behind everything.
        var labelRow = 0;
        foreach (var f in data.Faults.Where(f => f.ToNs >= fromNs && f.FromNs <= toNs))
        {
            var (x1, x2) = (X(f.FromNs), Math.Max(X(f.FromNs) + 1, X(f.ToNs)));
            html.Append(inv, $"<g class=\"fault\"><title>{Html.Encode(f.What)}: {Seconds(f.FromNs)} to {Seconds(f.ToNs)}</title>");
            html.Append(inv, $"<rect x=\"{x1:0.#}\" y=\"{Top - 6}\" width=\"{x2 - x1:0.#}\" height=\"{height - Top - 18}\"/>");
            html.Append(inv, $"<text x=\"{x1 + 3:0.#}\" y=\"{12 + (labelRow++ % 2 * 12)}\">{Html.Encode(Html.Shorten(f.What, 40))}</text></g>");
        }

        // Lane names and baselines.
        for (var i = 0; i < lanes.Count; i++)
        {
            var y = Top + (i * Lane);
            html.Append(inv, $"<text class=\"lane\" x=\"4\" y=\"{y + 15}\">{Html.Encode(Html.Shorten(data.History.ProcessName(lanes[i]), 9))}</text>");
            html.Append(inv, $"<line class=\"base\" x1=\"{Left}\" x2=\"{Left + TimelineData.Width}\" y1=\"{y + 20.5}\" y2=\"{y + 20.5}\"/>");
        }

        var leaderlessY = Top + (lanes.Count * Lane);
        html.Append(inv, $"<text class=\"lane\" x=\"4\" y=\"{leaderlessY + 15}\">no leader</text>");
        foreach (var run in Runs(data.Leaderless.Where(w => w.ToNs >= fromNs && w.FromNs <= toNs).Select(w => (X(w.FromNs), X(w.ToNs), w.FromNs, w.ToNs, 0L))))
        {
            var title = run.Count == 1
                ? $"leaderless {Millis(run.ToNs - run.FromNs)} from {Seconds(run.FromNs)}"
                : $"{run.Count} leaderless windows between {Seconds(run.FromNs)} and {Seconds(run.ToNs)}";
            html.Append(inv, $"<rect class=\"leaderless\" x=\"{run.X1:0.#}\" y=\"{leaderlessY + 4}\" width=\"{Math.Max(1, run.X2 - run.X1):0.#}\" height=\"14\"><title>{title}</title></rect>");
        }

        // Epochs, coloured by token; epochs too short to tell apart are drawn together.
        var laneOf = lanes.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        foreach (var group in data.Epochs.Where(e => e.ToNs >= fromNs && e.FromNs <= toNs && laneOf.ContainsKey(e.Process)).GroupBy(e => e.Process))
        {
            var y = Top + (laneOf[group.Key] * Lane);
            var name = Html.Encode(data.History.ProcessName(group.Key));
            foreach (var run in Runs(group.Select(e => (X(e.FromNs), X(e.ToNs), e.FromNs, e.ToNs, e.Token))))
            {
                var title = run.Count == 1
                    ? $"{name} led with token {run.LastToken}, {Seconds(run.FromNs)} to {Seconds(run.ToNs)}"
                    : $"{name} led {run.Count} times, tokens {run.FirstToken} to {run.LastToken}, between {Seconds(run.FromNs)} and {Seconds(run.ToNs)}";
                html.Append(inv, $"<rect class=\"epoch\" x=\"{run.X1:0.#}\" y=\"{y + 3}\" width=\"{Math.Max(1.5, run.X2 - run.X1):0.#}\" height=\"11\" fill=\"{TokenColour(run.LastToken)}\"><title>{title}</title></rect>");
            }
        }

        // Acts, aggregated per column: claims, writes and jobs, accepted and refused.
        WriteMarks(html, data, laneOf, fromNs, span);

        // Violations where they happen: one mark per lane and pixel column, linking to the first there.
        foreach (var group in data.Marks.Where(m => m.AtNs >= fromNs && m.AtNs <= toNs && laneOf.ContainsKey(m.Process)).GroupBy(m => (m.Process, (int)X(m.AtNs))))
        {
            var m = group.First();
            var count = group.Count();
            var x = X(m.AtNs);
            var y = Top + (laneOf[m.Process] * Lane) + 9;
            var more = count > 1 ? $" (and {count - 1} more here)" : string.Empty;
            html.Append(inv, $"<a href=\"#v{m.Number}\"><g class=\"violation\"><title>violation {m.Number}: {Html.Encode(m.Kind)} at {Seconds(m.AtNs)}{more}</title>");
            html.Append(inv, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top - 4}\" y2=\"{leaderlessY}\"/><circle cx=\"{x:0.#}\" cy=\"{y}\" r=\"5\"/></g></a>");
        }

        // The time axis.
        var axisY = leaderlessY + Lane + 4;
        var step = NiceStep(span / 1e9 / 10);
        for (var s = Math.Ceiling(fromNs / 1e9 / step) * step; s * 1e9 <= toNs; s += step)
        {
            var x = X((long)(s * 1e9));
            html.Append(inv, $"<line class=\"tick\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{axisY - 6}\" y2=\"{axisY - 2}\"/><text class=\"axis\" x=\"{x:0.#}\" y=\"{axisY + 9}\">{s.ToString(step < 1 ? "0.0##" : "0", inv)} s</text>");
        }

        html.Append("</svg>");
    }

    private static void WriteMarks(StringBuilder html, TimelineData data, Dictionary<int, int> laneOf, long fromNs, long span)
    {
        // Per lane, per column, a bit per kind of mark.
        const int Claim = 1, WriteOk = 2, WriteRefused = 4, JobOk = 8, JobRefused = 16;
        var cells = new byte[data.Lanes.Count, TimelineData.Columns];
        foreach (var o in data.History.Operations)
        {
            if (o.IsOpen || !laneOf.TryGetValue(o.Process, out var lane)) continue;
            var t = o.CompleteTime;
            if (t < fromNs || t > fromNs + span) continue;
            var bit = o.F switch
            {
                "claim" when o.Outcome == Outcome.Ok && o.Output.Leader == true => Claim,
                "write" => o.Outcome == Outcome.Ok ? WriteOk : o.Outcome == Outcome.Fail ? WriteRefused : 0,
                "job" => o.Outcome == Outcome.Ok ? JobOk : o.Outcome == Outcome.Fail ? JobRefused : 0,
                _ => 0,
            };
            if (bit == 0) continue;
            var column = (int)Math.Min(TimelineData.Columns - 1, (t - fromNs) * TimelineData.Columns / span);
            cells[lane, column] |= (byte)bit;
        }

        // Events (notes, not operations): per lane and column the first, with how many more.
        var notes = new Dictionary<(int Lane, int Column), (HistoryEvent First, int Count)>();
        foreach (var n in data.History.Notes)
        {
            if (n.Time < fromNs || n.Time > fromNs + span) continue;
            var p = data.ProcessIndex(n.Process);
            if (p < 0 || !laneOf.TryGetValue(p, out var lane)) continue;
            var column = (int)Math.Min(TimelineData.Columns - 1, (n.Time - fromNs) * TimelineData.Columns / span);
            notes[(lane, column)] = notes.TryGetValue((lane, column), out var had) ? (had.First, had.Count + 1) : (n, 1);
        }

        var inv = CultureInfo.InvariantCulture;
        foreach (var ((lane, column), (first, count)) in notes.OrderBy(n => n.Key))
        {
            var more = count > 1 ? $" (and {count - 1} more here)" : string.Empty;
            html.Append(inv, $"<rect class=\"event\" x=\"{Left + column}\" y=\"{Top + (lane * Lane)}\" width=\"2\" height=\"4\"><title>{Seconds(first.Time)}: {Html.Encode(Html.Shorten(TimelineData.NoteText(first), 300))}{more}</title></rect>");
        }

        (int Bit, string Class, int Dy, int H, string Title)[] kinds =
            [(Claim, "claim", 15, 2, "claimed leadership"), (WriteOk, "write-ok", 18, 2, "writes accepted"), (JobOk, "job-ok", 18, 2, "jobs run"),
             (WriteRefused, "refused", 14, 8, "stale writes refused"), (JobRefused, "refused", 14, 8, "stale jobs refused")];
        for (var lane = 0; lane < data.Lanes.Count; lane++)
        {
            var y = Top + (lane * Lane);
            foreach (var (bit, css, dy, h, title) in kinds)
            {
                for (var c = 0; c < TimelineData.Columns; c++)
                {
                    if ((cells[lane, c] & bit) == 0) continue;
                    var end = c;
                    while (end + 1 < TimelineData.Columns && (cells[lane, end + 1] & bit) != 0) end++;
                    var (a, b) = (fromNs + (c * span / TimelineData.Columns), fromNs + ((end + 1) * span / TimelineData.Columns));
                    // Refusals are what a reader looks for: never narrower than 3 px.
                    var (x, w) = css == "refused" && end - c + 1 < 3 ? (Left + c - 1, 3) : (Left + c, end - c + 1);
                    html.Append(inv, $"<rect class=\"{css}\" x=\"{x}\" y=\"{y + dy}\" width=\"{w}\" height=\"{h}\"><title>{title}, {Seconds(a)} to {Seconds(b)}</title></rect>");
                    c = end;
                }
            }
        }
    }

    /// <summary>A stretch drawn as one shape: spans that fall within a pixel of each other, each narrower than 2 px, are joined.</summary>
    private readonly record struct Run(double X1, double X2, long FromNs, long ToNs, long FirstToken, long LastToken, int Count);

    /// <summary>Joins spans (sorted by start here) that a reader could not tell apart on the screen.</summary>
    private static List<Run> Runs(IEnumerable<(double X1, double X2, long FromNs, long ToNs, long Token)> spans)
    {
        var runs = new List<Run>();
        foreach (var (x1, x2, from, to, token) in spans.OrderBy(s => s.FromNs))
        {
            var narrow = x2 - x1 < 2;
            if (narrow && runs.Count > 0 && runs[^1] is var last && (last.Count > 1 || last.X2 - last.X1 < 2) && x1 - last.X2 < 1)
            {
                runs[^1] = last with { X2 = Math.Max(last.X2, x2), ToNs = Math.Max(last.ToNs, to), LastToken = token, Count = last.Count + 1 };
            }
            else
            {
                runs.Add(new Run(x1, x2, from, to, token, token, 1));
            }
        }

        return runs;
    }

    public static string TokenColour(long token) =>
        string.Create(CultureInfo.InvariantCulture, $"hsl({(token * 137.508) % 360:0},62%,52%)");

    public static string Seconds(long ns) => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e9:0.###} s");

    public static string Millis(long ns) => RunReport.Ms(ns / 1e6);

    private static double NiceStep(double rough)
    {
        if (rough <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var unit = rough / magnitude;
        return magnitude * (unit < 1.5 ? 1 : unit < 3.5 ? 2 : unit < 7.5 ? 5 : 10);
    }
}
