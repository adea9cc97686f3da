namespace ElectionJepsen.Reports.Store;

public sealed partial record TestJson
{
    /// <summary>The names of test.json's fields, for the writer and the reader both.</summary>
    private static class Keys
    {
        public const string RunId = "run_id";
        public const string Backend = "backend";
        public const string Nemesis = "nemesis";
        public const string Nodes = "nodes";
        public const string TimeLimitS = "time_limit_s";
        public const string NemesisIntervalS = "nemesis_interval_s";
        public const string Seed = "seed";
        public const string TtlMs = "ttl_ms";
        public const string Fencing = "fencing";
        public const string Runtime = "runtime";
        public const string ClaimIntervalMs = "claim_interval_ms";
        public const string WriteIntervalMs = "write_interval_ms";
        public const string JobIntervalMs = "job_interval_ms";
        public const string ClaimTimeoutMs = "claim_timeout_ms";
        public const string PartitionScope = "partition_scope";
        public const string Delay = "delay";
        public const string DelayMs = "delay_ms";
        public const string JitterMs = "jitter_ms";
        public const string Distribution = "distribution";
        public const string Duplicate = "duplicate";
        public const string Loss = "loss";
        public const string PartitionShapes = "partition_shapes";
        public const string Servers = "servers";
        public const string EtcdHeartbeatMs = "etcd_heartbeat_ms";
        public const string EtcdElectionTimeoutMs = "etcd_election_timeout_ms";
        public const string EtcdPreVote = "etcd_pre_vote";
        public const string ZooKeeperTickMs = "zk_tick_time_ms";
        public const string Candidate = "candidate";
        public const string CandidateName = "name";
        public const string CandidateDirectory = "directory";
        public const string CandidateRun = "run";
        public const string CandidateClock = "clock_unreachable";
        public const string CandidateImage = "image";
        public const string Kubernetes = "kubernetes";
        public const string Kubeconfig = "kubeconfig";
        public const string Server = "server";
        public const string Namespace = "namespace";
        public const string Lease = "lease";
        public const string Started = "started";
        public const string Versions = "versions";
        public const string ServersVersion = "servers";
        public const string Dotnet = "dotnet";
        public const string Kernel = "kernel";
        public const string Command = "command";
        public const string Rerun = "rerun";

        /// <summary>The fields a report shows, in the order it shows them.</summary>
        public static readonly string[] Shown = [Backend, Nemesis, Nodes, Seed, TtlMs, TimeLimitS, NemesisIntervalS, Fencing, PartitionScope, PartitionShapes, RunId, Started];
    }
}
