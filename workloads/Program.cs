using System.Runtime.InteropServices;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Control;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads;

/// <summary>
/// The candidate: one process per candidate host, campaigning with one election recipe.
/// Started by the harness's <c>run</c> verb with <c>--control</c>, it answers the harness over
/// that socket; started without it, it keeps the candidate contract (docs/candidate.md) like
/// any third-party candidate (<see cref="ContractAsync"/>). SIGTERM makes it resign (if it
/// leads) and exit; so does the harness closing the socket.
/// </summary>
public static partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        var line = new CandidateCommandLine();
        line.Root.SetAction(async (parse, cancel) =>
        {
            CandidateOptions options;
            try
            {
                options = line.Read(parse, Environment.GetEnvironmentVariable);
            }
            catch (FormatException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message} (see --help)");
                return 64;
            }

            return options.Controlled ? await RunAsync(options, cancel) : await ContractAsync(options, cancel);
        });
        var parse = line.Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: {parse.Errors[0].Message} (see --help)");
            return 64;
        }

        return await parse.InvokeAsync();
    }

    private static async Task<int> RunAsync(CandidateOptions options, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var term = OnSigterm(stop);
        var belief = new Belief();
        await using var harness = await HarnessClient.ConnectAsync(options.ControlSocket, options.Node, () => belief.Current, stop.Token);
        using var closed = harness.Closed.Register(stop.Cancel);
        await using var recipe = await RecipeCatalog.CreateAsync(options);
        try
        {
            await harness.EventAsync(Started(options), stop.Token);
            await new CandidateLoop(recipe, harness, belief, options).RunAsync(stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && harness.Closed.IsCancellationRequested)
        {
            // The harness closed the channel (or it was dropped) before the loop began: stop, as the loop does.
        }

        return 0;
    }

    /// <summary>SIGTERM stops the candidate through <paramref name="stop"/>, and not the runtime: the loop resigns first.</summary>
    private static PosixSignalRegistration OnSigterm(CancellationTokenSource stop) =>
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

    private static string Started(CandidateOptions options) =>
        $"candidate {options.Node} started: {options.Backend} on {(options.Servers.Count > 0 ? string.Join(',', options.Servers) : "peers " + options.Peers)}, ttl {options.Ttl.TotalMilliseconds} ms";
}
