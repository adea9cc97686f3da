using System.Runtime.InteropServices;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Control;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads;

/// <summary>
/// The candidate: one process per candidate host, started by the harness's <c>run</c> verb,
/// campaigning with one election recipe and answering the harness over the control socket.
/// SIGTERM makes it resign (if it leads) and exit; so does the harness closing the socket.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var line = new CandidateCommandLine();
        line.Root.SetAction((parse, cancel) => RunAsync(line.Read(parse), cancel));
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
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        var belief = new Belief();
        await using var harness = await HarnessClient.ConnectAsync(options.ControlSocket, options.Node, () => belief.Current, stop.Token);
        using var closed = harness.Closed.Register(stop.Cancel);
        await using var recipe = await RecipeCatalog.CreateAsync(options);
        try
        {
            await harness.EventAsync($"candidate {options.Node} started: {options.Backend} on {(options.Servers.Count > 0 ? string.Join(',', options.Servers) : "peers " + options.Peers)}, ttl {options.Ttl.TotalMilliseconds} ms", stop.Token);
            await new CandidateLoop(recipe, harness, belief, options).RunAsync(stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && harness.Closed.IsCancellationRequested)
        {
            // The harness closed the channel (or it was dropped) before the loop began: stop, as the loop does.
        }

        return 0;
    }
}
