using System.Text.Json;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Checkers.Linearizability.Models;

/// <summary>The register's value, as an id of its JSON text (0 is <c>null</c>, the initial value).</summary>
public readonly record struct RegisterState(long Value);

/// <summary>
/// <c>register</c> (read, write) and <c>cas-register</c> (read, write, cas). Values are
/// compared as compact JSON text. A fail took no effect; an indeterminate read says
/// nothing; an indeterminate write or cas may have taken effect.
/// </summary>
public readonly struct RegisterModel(IReadOnlyList<string> values) : ISearchModel<RegisterState>
{
    public const string RegisterName = "register";
    public const string CasRegisterName = "cas-register";
    public const byte Read = 0;
    public const byte Write = 1;
    public const byte CasSwapped = 2;
    public const byte CasRefused = 3;
    public const byte CasUnknown = 4;

    public RegisterState Initial => new(0);

    public bool StepReadsProcess => false;

    public bool Step(in RegisterState s, in SearchOp op, out RegisterState next)
    {
        next = s;
        switch (op.Code)
        {
            case Read:
                return s.Value == op.A;
            case Write:
                next = new RegisterState(op.A);
                return true;
            case CasSwapped:
            case CasUnknown:
                if (s.Value != op.A) return false;
                next = new RegisterState(op.B);
                return true;
            default:
                return s.Value != op.A;
        }
    }

    public string Describe(in RegisterState s, IReadOnlyList<string> processes) => $"value {values[(int)s.Value]}";

    /// <summary>The operations of each key, and the table of value texts their ids index.</summary>
    public static Dictionary<string, List<SearchOp>> Prepare(History.History history, bool allowCas, out List<string> values)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal) { ["null"] = 0 };
        var table = new List<string> { "null" };
        long Id(in OpValue v)
        {
            var text = v.ToJson()!;
            if (ids.TryGetValue(text, out var id)) return id;
            ids[text] = id = table.Count;
            table.Add(text);
            return id;
        }

        var result = new Dictionary<string, List<SearchOp>>(StringComparer.Ordinal);
        foreach (ref readonly var op in history.Operations.AsSpan())
        {
            if (op.Outcome == Outcome.Fail || op.F is not ("read" or "write" or "cas")) continue;
            SearchOp s;
            var info = op.IsIndeterminate;
            if (op.F == "read")
            {
                if (info) continue;
                Require(op.Output.IsPresent, op.CompleteIndex, "an ok read's value must be the value read");
                s = SearchOp.Of(op, Read, Id(op.Output), 0);
            }
            else if (op.F == "write")
            {
                Require(op.Input.IsPresent, op.InvokeIndex, "a write's invoke value must be the value written");
                s = SearchOp.Of(op, Write, Id(op.Input), 0);
            }
            else
            {
                Require(allowCas, op.InvokeIndex, "cas is not an operation of the register model (use --model cas-register)");
                var (from, to) = CasArguments(op);
                byte code = info ? CasUnknown : op.Output.Json switch
                {
                    "true" => CasSwapped,
                    "false" => CasRefused,
                    _ => throw new HistoryDataException(op.CompleteIndex + 1, "an ok cas's value must be true (it swapped) or false"),
                };
                s = SearchOp.Of(op, code, Id(from), Id(to));
            }

            if (!result.TryGetValue(op.Key, out var list)) result[op.Key] = list = [];
            list.Add(s);
        }

        values = table;
        return result;
    }

    private static (OpValue From, OpValue To) CasArguments(in Operation op)
    {
        const string Shape = "a cas's invoke value must be [from, to]";
        var text = op.Input.Json;
        Require(text is not null && text.StartsWith('['), op.InvokeIndex, Shape);
        using var doc = JsonDocument.Parse(text!);
        Require(doc.RootElement.GetArrayLength() == 2, op.InvokeIndex, Shape);
        return (OpValue.FromJson(doc.RootElement[0].GetRawText()), OpValue.FromJson(doc.RootElement[1].GetRawText()));
    }

    private static void Require(bool condition, long index, string message)
    {
        if (!condition) throw new HistoryDataException(index + 1, message);
    }
}
