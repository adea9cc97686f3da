using System.CommandLine;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;

namespace ElectionJepsen.Harness.Verbs.Delayer;

/// <summary>
/// <c>delayer</c>: the packet delayer that the <c>delay</c> nemesis starts on each slowed
/// host where the kernel has no netem (see <see cref="PacketDelayer"/>). It says
/// <see cref="Ready"/> once its queue is bound, runs until SIGTERM, releases what it holds
/// and prints its figures.
/// </summary>
public static class DelayerCommand
{
    public const string Name = "delayer";
    public const string Ready = "delayer ready";

    public static Command Build(TextWriter stdout)
    {
        var queue = new Option<int>("--queue") { Description = "the NFQUEUE number to serve", DefaultValueFactory = _ => 0, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "seed of the delays drawn", DefaultValueFactory = _ => 0, HelpName = "N" };
        var profile = new DelayOptions();
        var command = new Command(Name, """
            Delay, duplicate and drop the packets of an NFQUEUE in this network namespace (the delay
            nemesis starts one on each slowed host, with an iptables NFQUEUE rule). Runs until SIGTERM,
            then releases every packet it still holds.

            Example:
              ip netns exec HOST delayer --queue 0 --delay 100ms --jitter 20ms --duplicate 1%
            """)
        {
            queue, seed,
        };
        command.Hidden = true;
        profile.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var number = parse.GetValue(queue);
            if (number is < 0 or > ushort.MaxValue) throw new UsageException($"--queue takes 0 to 65535, not {number}");
            var p = profile.Read(parse);
            var stats = new PacketDelayer(p, parse.GetValue(seed)).Run((ushort)number, () =>
            {
                stdout.WriteLine($"{Ready} on queue {number}: {p}");
                stdout.Flush();
            }, cancel);
            stdout.WriteLine(stats);
            return Task.FromResult(ExitCodes.Valid);
        });
        return command;
    }
}
