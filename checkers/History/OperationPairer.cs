using System.Runtime.CompilerServices;
namespace ElectionJepsen.Checkers.History;

/// <summary>
/// Pairs each invoke with the next completion of its process. A second invoke while one
/// is open, or a completion with no open invoke or with another <c>f</c> or <c>key</c>,
/// is a data error naming the line.
/// </summary>
internal sealed class OperationPairer(int expectedOperations)
{
    private readonly Dictionary<string, int> _processIds = new(StringComparer.Ordinal);
    private readonly List<string> _processes = [];
    private readonly List<int> _open = [];
    private Operation[] _ops = new Operation[Math.Max(16, expectedOperations)];
    private int _count;
    private string? _lastName;
    private int _lastId;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public History Pair(IEnumerable<ReadOnlyMemory<HistoryEvent>> blocks)
    {
        var notes = new List<HistoryEvent>();
        long seen = 0, lastTime = 0;
        foreach (var block in blocks)
        {
            foreach (ref readonly var ev in block.Span)
            {
                if (ev.Type == EventType.Event)
                {
                    notes.Add(ev);
                    continue;
                }

                var process = ProcessId(ev.Process);
                if (ev.Type == EventType.Invoke) Invoke(process, ev);
                else Complete(process, ev);
            }

            seen += block.Length;
            if (block.Length > 0) lastTime = block.Span[^1].Time;
        }

        Array.Resize(ref _ops, _count);
        return new History([.. _processes], _ops, notes, seen, lastTime, null);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Invoke(int process, in HistoryEvent ev)
    {
        var open = _open[process];
        if (open >= 0)
        {
            var o = _ops[open];
            throw new HistoryDataException(ev.Line, $"{ev.Process} invoked {ev.F} while its {o.F} from line {o.InvokeIndex + 1} is still open (a process has at most one open operation)");
        }

        if (_count == _ops.Length) Array.Resize(ref _ops, _ops.Length * 2);
        _ops[_count] = new Operation(_count, process, ev.F, ev.Key, ev.Index, ev.Time, ev.Value, Outcome.Info, -1, -1, OpValue.Absent, null);
        _open[process] = _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Complete(int process, in HistoryEvent ev)
    {
        var open = _open[process];
        if (open < 0)
        {
            throw new HistoryDataException(ev.Line, $"{ev.Type.Name()} of {ev.Process} {ev.F} with no open invoke (every completion follows its process's invoke)");
        }

        ref var op = ref _ops[open];
        if (!string.Equals(op.F, ev.F, StringComparison.Ordinal) || !string.Equals(op.Key, ev.Key, StringComparison.Ordinal))
        {
            throw new HistoryDataException(ev.Line, $"{ev.Type.Name()} of {ev.Process} is for f \"{ev.F}\" key \"{ev.Key}\", but its open invoke (line {op.InvokeIndex + 1}) is f \"{op.F}\" key \"{op.Key}\"");
        }

        var outcome = ev.Type switch
        {
            EventType.Ok => Outcome.Ok,
            EventType.Fail => Outcome.Fail,
            _ => Outcome.Info,
        };
        op = op with { Outcome = outcome, CompleteIndex = ev.Index, CompleteTime = ev.Time, Output = ev.Value, Error = ev.Error };
        _open[process] = -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ProcessId(string name)
    {
        if (ReferenceEquals(name, _lastName)) return _lastId;
        if (!_processIds.TryGetValue(name, out var id)) id = AddProcess(name);
        (_lastName, _lastId) = (name, id);
        return id;
    }

    private int AddProcess(string name)
    {
        var id = _processes.Count;
        _processIds[name] = id;
        _processes.Add(name);
        _open.Add(-1);
        return id;
    }
}
