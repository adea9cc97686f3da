using System.Text;

namespace ElectionJepsen.Workloads.Control;

/// <summary>Who is at the other end of a channel, and so which messages may arrive on it.</summary>
public enum ControlPeer
{
    /// <summary>The harness reads what a candidate sends.</summary>
    Candidate,

    /// <summary>A candidate reads what the harness sends.</summary>
    Harness,
}

/// <summary>
/// The closed set of control messages: what each side may send, with the fields each type
/// requires and the values they may take. A message outside it is a bad frame.
/// </summary>
public static class ControlRules
{
    /// <summary>The longest node name, event text or error a message may carry, in characters.</summary>
    public const int MaxText = 4096;

    private static readonly HashSet<string> Ended = new(StringComparer.Ordinal) { Outcomes.Ok, Outcomes.Fail, Outcomes.Info };
    private static readonly HashSet<string> Decided = new(StringComparer.Ordinal) { Outcomes.Ok, Outcomes.Fail };

    /// <summary>Null when <paramref name="m"/> may arrive from <paramref name="from"/>, else what is wrong with it.</summary>
    public static string? Problem(ControlMessage m, ControlPeer from) =>
        Texts(m) ?? (from == ControlPeer.Candidate ? FromCandidate(m) : FromHarness(m));

    private static string? FromCandidate(ControlMessage m) => m.Type switch
    {
        MessageTypes.Hello => m.Node is { Length: > 0 and <= 64 } node && node.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null : "hello needs a node: 1 to 64 letters, digits, '-', '_' or '.'",
        MessageTypes.Announce => Id(m) ?? Function(m) ?? (m.F == ControlFunctions.Release ? Need(m.Token, "a release's announce needs its token") : null),
        MessageTypes.Outcome => Id(m) ?? Function(m) ?? OneOf(m.Outcome, Ended, "outcome")
            ?? (m.Outcome == Outcomes.Ok && m.F == ControlFunctions.Acquire ? Need(m.Token, "an acquire's ok outcome needs its token") : null),
        MessageTypes.Write => Id(m) ?? Need(m.Token, "a write needs a token") ?? Need(m.Seq, "a write needs a seq"),
        MessageTypes.Job => Id(m) ?? Need(m.Slot, "a job needs a slot") ?? Need(m.Token, "a job needs a token"),
        MessageTypes.ClaimAnswer => Id(m) ?? Need(m.Leader, "a claim answer needs leader")
            ?? (m.Leader == true ? Need(m.Token, "a claim answer that leads needs its token") : null),
        MessageTypes.Event => Need(m.Text, "an event needs its text"),
        _ => $"a candidate sends no \"{m.Type}\"",
    };

    private static string? FromHarness(ControlMessage m) => m.Type switch
    {
        MessageTypes.Ack or MessageTypes.Claim => Id(m),
        MessageTypes.Written => Id(m) ?? OneOf(m.Outcome, Decided, "outcome of a write"),
        _ => $"the harness sends no \"{m.Type}\"",
    };

    private static string? Id(ControlMessage m) => m.Id > 0 ? null : $"{m.Type} needs a positive id";

    private static string? Function(ControlMessage m) => OneOf(m.F, ControlFunctions.All, $"f of {m.Type}");

    private static string? OneOf(string? value, IReadOnlySet<string> allowed, string what) =>
        value is not null && allowed.Contains(value) ? null : $"{what} must be {string.Join(" or ", allowed)}";

    private static string? Need<T>(T? value, string why)
        where T : struct => value.HasValue ? null : why;

    private static string? Need(string? value, string why) => value is null ? why : null;

    /// <summary>Every string is whole Unicode (no lone surrogate) and not longer than <see cref="MaxText"/>.</summary>
    private static string? Texts(ControlMessage m)
    {
        foreach (var (name, text) in new[] { ("type", m.Type), ("node", m.Node), ("f", m.F), ("outcome", m.Outcome), ("error", m.Error), ("text", m.Text) })
        {
            if (text is null) continue;
            if (text.Length > MaxText) return $"{name} longer than {MaxText} characters";
            if (!IsWhole(text)) return $"{name} is not whole Unicode (a lone surrogate)";
        }

        return null;
    }

    private static bool IsWhole(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out _, out var used) != System.Buffers.OperationStatus.Done) return false;
            i += used;
        }

        return true;
    }

    /// <summary>Text from the other end, fit for one log line: control characters escaped, at most 200 characters.</summary>
    public static string Printable(string text)
    {
        var b = new StringBuilder();
        foreach (var c in text.Length > 200 ? text[..200] + "..." : text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator) b.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else b.Append(c);
        }

        return b.ToString();
    }
}

/// <summary>
/// A frame that breaks the control protocol (its length, its JSON, its fields, or its turn):
/// logged, and the connection dropped. It is an <see cref="IOException"/>, so whatever treats a
/// lost connection treats it the same.
/// </summary>
public sealed class ControlProtocolException(string message) : IOException(message);
