using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Html;

/// <summary>
/// What the timeline draws, gathered from the history in one pass: each candidate's epochs,
/// and per lane and pixel column whether leader claims, accepted and refused writes and jobs
/// fell there. Marks are aggregated into columns, so the drawing stays small for a history of
/// any length (runs of equal columns become one rectangle).
/// </summary>
internal sealed partial class TimelineData
{
    public const int Width = 1100;
    public const int Columns = Width;

    public TimelineData(History history, CheckResult result)
    {
        History = history;
        EndNs = Math.Max(1, history.LastTime);
        Lanes = [.. Enumerable.Range(0, history.Processes.Count)
            .Where(p => history.Processes[p] != NemesisFunctions.Process)
            .OrderBy(p => history.Processes[p], NaturalOrder.Instance)];
        var epochs = new Dictionary<(int, long), (long From, long To)>();
        var tokenless = new List<Operation>();
        var faults = new List<FaultWindow>();
        Operation? openFault = null;
        foreach (var o in history.Operations)
        {
            if (history.ProcessName(o.Process) == NemesisFunctions.Process)
            {
                if (NemesisFunctions.Heals(o.F))
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

            if (o.Outcome == Outcome.Ok && IsTokenless(o))
            {
                tokenless.Add(o);
                continue;
            }

            if (o.Output.Token is not { } token || o.Outcome == Outcome.Info) continue;
            if (o.F == LeaseFunctions.Acquire && o.Outcome == Outcome.Ok)
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
        Epochs = [.. epochs.Select(kv => new Epoch(kv.Key.Item1, kv.Key.Item2, kv.Value.From, kv.Value.To)).Concat(TokenlessEpochs(tokenless)).OrderBy(e => e.FromNs)];
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

    private static bool IsAct(Operation o) =>
        o.F is LeaseFunctions.Write or LeaseFunctions.Job || (o.F == LeaseFunctions.Claim && o.Output.Leader == true);

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
