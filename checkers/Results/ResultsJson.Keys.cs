namespace ElectionJepsen.Checkers.Results;

public static partial class ResultsJson
{
    /// <summary>The names of results.json's fields (docs/results.md), for the writer and the reader both.</summary>
    private static class Keys
    {
        public const string Valid = "valid";
        public const string Model = "model";
        public const string History = "history";
        public const string Events = "events";
        public const string Operations = "operations";
        public const string Processes = "processes";
        public const string Violations = "violations";
        public const string Kind = "kind";
        public const string Key = "key";
        public const string Tokens = "tokens";
        public const string Indices = "indices";
        public const string OverlapNs = "overlap_ns";
        public const string Description = "description";
        public const string Count = "count";
        public const string Failover = "failover";
        public const string MinMs = "min_ms";
        public const string P50Ms = "p50_ms";
        public const string P90Ms = "p90_ms";
        public const string P99Ms = "p99_ms";
        public const string MaxMs = "max_ms";
        public const string WithoutLeader = "without_leader";
        public const string LongestMs = "longest_ms";
        public const string FromMs = "from_ms";
        public const string ToMs = "to_ms";
        public const string Fencing = "fencing";
        public const string WritesRefused = "writes_refused";
        public const string JobsRefused = "jobs_refused";
        public const string Search = "search";
        public const string ElapsedMs = "elapsed_ms";
        public const string MemoEntries = "memo_entries";
        public const string UnknownReason = "unknown_reason";
        public const string Failure = "failure";
        public const string Warnings = "warnings";
        public const string Checks = "checks";
        public const string Check = "check";
        public const string Ran = "ran";
        public const string Why = "why";
        public const string FullyJudged = "fully_judged";

        /// <summary>The value of <c>valid</c> when the checker could not decide.</summary>
        public const string Unknown = "unknown";
    }
}
