using ElectionJepsen.Workloads.Candidate;

namespace ElectionJepsen.Workloads.Control;

/// <summary>The control socket as the candidate loop's witness: the ledger's decision, read from the harness's reply.</summary>
public sealed partial class HarnessClient : IWitness
{
    async Task<string?> IWitness.WriteAsync(long token, long seq, CancellationToken cancel) => Refusal(await WriteAsync(token, seq, cancel));

    async Task<string?> IWitness.JobAsync(long slot, long token, CancellationToken cancel) => Refusal(await JobAsync(slot, token, cancel));

    private static string? Refusal(ControlMessage reply) => reply.IsOk ? null : reply.Error ?? string.Empty;
}
