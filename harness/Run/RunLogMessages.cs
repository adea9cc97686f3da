using Microsoft.Extensions.Logging;

namespace ElectionJepsen.Harness.Run;

/// <summary>What a run logs, one source-generated method a message (events numbered by the run's stage).</summary>
internal static partial class RunLogMessages
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "run {Directory}: {Backend}, nemesis {Nemesis}, {Candidates} candidates, {Seconds:0} s, seed {Seed}")]
    public static partial void RunStarting(this ILogger logger, string directory, string backend, string nemesis, int candidates, double seconds, long seed);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "hosts: {Hosts} ({Ms} ms)")]
    public static partial void HostsMade(this ILogger logger, string hosts, long ms);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Backend}: {Count} server(s) serving ({Ms} ms)")]
    public static partial void ServersServing(this ILogger logger, string backend, int count, long ms);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Backend}: {Relay} relays to {Endpoints} ({Ms} ms)")]
    public static partial void OutsideRelayed(this ILogger logger, string backend, string relay, string endpoints, long ms);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Count} candidates connected ({Ms} ms)")]
    public static partial void CandidatesConnected(this ILogger logger, int count, long ms);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "{Count} candidates of {Name} answering their status ({Ms} ms)")]
    public static partial void CandidatesAnswering(this ILogger logger, int count, string name, long ms);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "compose project {Project} up: {Hosts} ({Ms} ms)")]
    public static partial void ProjectUp(this ILogger logger, string project, string hosts, long ms);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "{Host} ({Service}) came back in a new network namespace: followed it there ({Rules} fault rule sets applied again)")]
    public static partial void HostCameBack(this ILogger logger, string host, string service, int rules);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "server leader: {Server}")]
    public static partial void ServerLeaderChanged(this ILogger logger, string server);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "asking who leads the servers: {Reason}")]
    public static partial void ServerLeaderUnknown(this ILogger logger, string reason);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "interrupted: faults healed; stopping")]
    public static partial void Interrupted(this ILogger logger);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "time limit reached, faults healed; quiet for {Seconds:0.#} s so the last failover completes")]
    public static partial void TimeLimitReached(this ILogger logger, double seconds);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "leader changes seen by claims: {Changes}; ledger accepted {Accepted}, refused {Refused}")]
    public static partial void ClaimsEnded(this ILogger logger, int changes, long accepted, long refused);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "{Backend}: {What}")]
    public static partial void BackendFinished(this ILogger logger, string backend, string what);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "while {What}: {Reason}")]
    public static partial void StepFailed(this ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "checking what was recorded before the interruption")]
    public static partial void CheckingAfterInterruption(this ILogger logger);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "internal error: the run's own history is malformed: {Reason}")]
    public static partial void OwnHistoryMalformed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 42, Level = LogLevel.Debug, Message = "verdict {Verdict}")]
    public static partial void Verdict(this ILogger logger, string verdict);

    [LoggerMessage(EventId = 50, Level = LogLevel.Error, Message = "the run failed: {Reason}")]
    public static partial void RunFailed(this ILogger logger, Exception exception, string reason);
}
