using System.Text.Json.Serialization;

namespace ElectionJepsen.Workloads.Control;

/// <summary>
/// One message of the control channel between the harness and a candidate. Which fields
/// are set depends on <see cref="Type"/> (see <see cref="MessageTypes"/>). Requests carry
/// an <see cref="Id"/> that their reply repeats.
/// </summary>
public sealed record ControlMessage(string Type)
{
    public long Id { get; init; }

    /// <summary>The candidate's name (hello).</summary>
    public string? Node { get; init; }

    /// <summary>The operation announced or reported: acquire or release.</summary>
    public string? F { get; init; }

    /// <summary>How it ended: ok, fail or info (outcome, written).</summary>
    public string? Outcome { get; init; }

    public long? Token { get; init; }

    public long? Seq { get; init; }

    public long? Slot { get; init; }

    public bool? Leader { get; init; }

    public string? Error { get; init; }

    /// <summary>What happened, for an event line.</summary>
    public string? Text { get; init; }

    [JsonIgnore]
    public bool IsOk => Outcome == Outcomes.Ok;
}

/// <summary>The message types, and who sends them.</summary>
public static class MessageTypes
{
    /// <summary>Candidate: its name, first thing after connecting.</summary>
    public const string Hello = "hello";

    /// <summary>Candidate: about to campaign or resign (F); it waits for the ack before starting, so the harness can stamp the invoke first.</summary>
    public const string Announce = "announce";

    /// <summary>Harness: the announcement is recorded; go ahead.</summary>
    public const string Ack = "ack";

    /// <summary>Candidate: how the announced campaign or resignation ended (Outcome, Token, Error).</summary>
    public const string Outcome = "outcome";

    /// <summary>Candidate: a write to the ledger (Token, Seq); the harness replies written.</summary>
    public const string Write = "write";

    /// <summary>Candidate: a job slot run (Slot, Token); the harness replies written.</summary>
    public const string Job = "job";

    /// <summary>Harness: the ledger's decision on a write or job (Outcome ok or fail, Error stale-token).</summary>
    public const string Written = "written";

    /// <summary>Harness: do you lead?</summary>
    public const string Claim = "claim";

    /// <summary>Candidate: the answer (Leader, Token).</summary>
    public const string ClaimAnswer = "claim-answer";

    /// <summary>Candidate: something happened to it (Text), for an event line.</summary>
    public const string Event = "event";
}

public static class Outcomes
{
    public const string Ok = "ok";
    public const string Fail = "fail";
    public const string Info = "info";
}
