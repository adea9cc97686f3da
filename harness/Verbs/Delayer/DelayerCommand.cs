using System.CommandLine;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;

namespace ElectionJepsen.Harness.Verbs.Delayer;

/// <summary>
/// <c>delayer</c>: the packet delayer that the <c>delay</c> nemesis starts on each slowed
/// host where the kernel has no netem (see <see cref="PacketDelayer"/>). It says
/// <see cref="DelayerCommandLine.Ready"/> once its queue is bound, runs until SIGTERM, releases what it holds
/// and prints its figures.
/// </summary>
public static class DelayerCommand
{
    public static Command Build(TextWriter stdout)
    {
        var line = new DelayerCommandLine();
        var command = new Command(DelayerCommandLine.Verb, """
            Delay, duplicate and drop the packets of an NFQUEUE in this network namespace (the delay
            nemesis starts one on each slowed host, with an iptables NFQUEUE rule). Runs until SIGTERM,
            then releases every packet it still holds.

            Example:
              ip netns exec HOST delayer --queue 0 --delay 100ms --jitter 20ms --duplicate 1%
            """);
        command.Hidden = true;
        line.AddTo(command);
        command.SetAction((parse, cancel) =>
        {
            var (number, seed, p) = line.Read(parse);
            if (number is < 0 or > ushort.MaxValue) throw new UsageException($"--queue takes 0 to 65535, not {number}");
            var stats = new PacketDelayer(p, seed).Run((ushort)number, () =>
            {
                stdout.WriteLine($"{DelayerCommandLine.Ready} on queue {number}: {p}");
                stdout.Flush();
            }, cancel);
            stdout.WriteLine(stats);
            return Task.FromResult(ExitCodes.Valid);
        });
        return command;
    }
}
