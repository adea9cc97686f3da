using System.CommandLine;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Verbs.Cleanup;

namespace ElectionJepsen.Harness.Verbs.Hosts;

/// <summary>
/// The <c>hosts</c> verb: makes N hosts on a switch, prints them, and holds them until
/// Ctrl-C (or a kill; the next start reaps them). For looking around with
/// <c>ip netns exec</c>, and for testing that a killed harness leaves nothing for good.
/// </summary>
public static class HostsCommand
{
    public static Command Build(TextWriter stdout)
    {
        var count = new Argument<int>("COUNT") { Description = "how many hosts (1 to 200)", DefaultValueFactory = _ => 5 };
        var command = new Command("hosts", """
            Make COUNT hosts (network namespaces on one switch), print them, and keep them until
            Ctrl-C, then remove them.

            Examples:
              hosts 5
              hosts 3        then, elsewhere: ip netns exec ej-<run>-n1 ping 10.77.0.12
            """)
        {
            count,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var n = parse.GetValue(count);
            if (n is < 1 or > 200) throw new Cli.UsageException($"COUNT must be between 1 and 200, not {n}");
            Prerequisites.RequireRoot("hosts");
            CleanupCommand.Report(stdout, await Reaper.ReapAsync());
            await using var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), [.. Enumerable.Range(1, n).Select(i => $"n{i}")]);
            stdout.WriteLine($"run {net.RunId}: switch {net.SwitchNamespace}");
            foreach (var h in net.Hosts) stdout.WriteLine($"  {h.Name}  {h.Address}  ip netns exec {h.Namespace} ...");
            stdout.WriteLine("holding the hosts; Ctrl-C removes them");
            stdout.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }
}
