using System.CommandLine;

namespace ElectionJepsen.Workloads;

/// <summary>
/// The candidate: one process per candidate host, started by the harness's <c>run</c> verb,
/// campaigning with one election recipe and answering the harness over the control socket.
/// The recipes and the control protocol live beside this file as they are built.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var node = new Option<string>("--node") { Description = "this candidate's name in the history (c1, c2, ...)", Required = true };
        var control = new Option<string>("--control") { Description = "the harness's control socket (a Unix domain socket in the run directory)", Required = true };
        var backend = new Option<string>("--backend") { Description = "the election recipe to run", Required = true };
        var root = new RootCommand("""
            ElectionJepsen candidate: campaigns for leadership with one recipe and reports to the harness.
            It is started by `ElectionJepsen.Harness run`, one per candidate host; it is not meant to be run by hand.
            """)
        {
            node, control, backend,
        };
        root.SetAction(parse =>
        {
            Console.Error.WriteLine($"error: no election recipe named \"{parse.GetValue(backend)}\" is built into this candidate");
            return 64;
        });
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"error: {parse.Errors[0].Message} (see --help)");
            return 64;
        }

        return parse.Invoke();
    }
}
