using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Contract;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads;

/// <summary>The candidate without a harness around it: the contract's status endpoint, and the ledger or standard output as its witness.</summary>
public static partial class Program
{
    private static async Task<int> ContractAsync(CandidateOptions options, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var term = OnSigterm(stop);
        var belief = new Belief();
        await using var status = await StatusEndpoint.StartAsync(options.StatusPort, () => belief.Current, stop.Token);
        using var witness = new ContractWitness(options.Node, options.Ledger, Console.Out);
        await using var recipe = await RecipeCatalog.CreateAsync(options);
        try
        {
            await witness.EventAsync($"{Started(options)}, status on :{options.StatusPort}{StatusEndpoint.Path}", stop.Token);
            await new CandidateLoop(recipe, witness, belief, options).RunAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped before the loop began: nothing was campaigned for, nothing to resign.
        }

        return 0;
    }
}
