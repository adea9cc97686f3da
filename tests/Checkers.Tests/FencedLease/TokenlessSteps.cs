using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.FencedLease;

/// <summary>The operations of a candidate that reports no token, as the harness records them.</summary>
internal static class TokenlessSteps
{
    /// <summary>An acquire whose ok value is <c>null</c>: a grant without a token.</summary>
    public static HistoryBuilder Granted(this HistoryBuilder b, long from, long to, string process) =>
        b.Invoke(from, process, "acquire", OpValue.Null).Ok(to, process, "acquire", OpValue.Grant(null));

    public static HistoryBuilder Released(this HistoryBuilder b, long from, long to, string process) =>
        b.Invoke(from, process, "release", OpValue.Null).Ok(to, process, "release", OpValue.Null);

    /// <summary>A claim answered <c>{"leader": true}</c>.</summary>
    public static HistoryBuilder Leads(this HistoryBuilder b, long from, long to, string process) =>
        b.Invoke(from, process, "claim").Ok(to, process, "claim", OpValue.Claim(true, null));

    /// <summary>An accepted write <c>{"seq": n}</c>.</summary>
    public static HistoryBuilder Wrote(this HistoryBuilder b, long from, long to, string process, long seq) =>
        b.Invoke(from, process, "write", OpValue.Write(null, seq)).Ok(to, process, "write", OpValue.Null);

    /// <summary>An accepted job <c>{"slot": s}</c>.</summary>
    public static HistoryBuilder Ran(this HistoryBuilder b, long from, long to, string process, long slot) =>
        b.Invoke(from, process, "job", OpValue.Job(slot, null)).Ok(to, process, "job", OpValue.Null);
}
