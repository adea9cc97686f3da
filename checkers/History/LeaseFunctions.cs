namespace ElectionJepsen.Checkers.History;

/// <summary>
/// The history's words for the lease (docs/history.md): the functions of the candidates'
/// operations, and the error of a refused act. What writes a history and what reads one
/// (the checkers, the report) spell them here.
/// </summary>
public static class LeaseFunctions
{
    /// <summary>A campaign; an ok one's value is <c>{"token": k}</c>, or <c>null</c> (or <c>{}</c>, or none) when it reported no token.</summary>
    public const string Acquire = "acquire";

    /// <summary>A resignation; its invoke's value is <c>{"token": k}</c>, or <c>null</c> (or <c>{}</c>, or none) without a token.</summary>
    public const string Release = "release";

    /// <summary>The harness's "do you lead?"; an ok one's value is <c>{"leader": true, "token": k}</c>, <c>{"leader": true}</c> or <c>{"leader": false}</c>.</summary>
    public const string Claim = "claim";

    /// <summary>A leader's write to the ledger, <c>{"token": k, "seq": n}</c> or <c>{"seq": n}</c>.</summary>
    public const string Write = "write";

    /// <summary>A leader's job slot, <c>{"slot": s, "token": k}</c> or <c>{"slot": s}</c>.</summary>
    public const string Job = "job";

    /// <summary>The ledger's refusal of a stale token: the error of a failed write or job.</summary>
    public const string StaleToken = "stale-token";
}
