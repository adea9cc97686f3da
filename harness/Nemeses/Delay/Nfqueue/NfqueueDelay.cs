using System.Globalization;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;

/// <summary>
/// A slow network without netem: on each slowed host a delayer (the harness's own
/// <c>delayer</c> verb, on libnetfilter_queue) serves NFQUEUE 0 of the host's namespace,
/// and one iptables rule sends it every packet leaving through <c>eth0</c>, except the
/// delayer's own duplicates. The rule has <c>--queue-bypass</c>, so packets pass
/// undelayed rather than vanish if a delayer is gone. Heal removes the rules first (no
/// new packet is held), then stops the delayers, which release what they hold.
/// </summary>
public sealed class NfqueueDelay(string runId, string runDirectory)
{
    private const int Queue = 0;
    private readonly List<HostProcess> _delayers = [];

    /// <summary>libnetfilter_queue, found as the dynamic loader finds it (on any architecture).</summary>
    public static Requirement Library { get; } = new("libnetfilter_queue", "libnetfilter-queue1", static () =>
    {
        if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(NfqNative.Library, out var handle)) return false;
        System.Runtime.InteropServices.NativeLibrary.Free(handle);
        return true;
    });

    /// <summary>The rule, as iptables arguments after the action (-A or -D).</summary>
    public static IReadOnlyList<string> Rule { get; } =
        ["OUTPUT", "-o", "eth0", "-m", "mark", "!", "--mark", PacketDelayer.Mark.ToString(CultureInfo.InvariantCulture),
         "-j", "NFQUEUE", "--queue-num", Queue.ToString(CultureInfo.InvariantCulture), "--queue-bypass"];

    public IReadOnlyList<HostProcess> Delayers => _delayers;

    public async Task StartAsync(IReadOnlyList<Host> hosts, DelayProfile profile, int seed, CancellationToken cancel)
    {
        if (!Library.Present()) throw Prerequisites.Missing("the delay nemesis (the kernel has no netem)", [Library]);
        var harness = Path.Combine(AppContext.BaseDirectory, "ElectionJepsen.Harness.dll");
        var started = new List<HostProcess>();
        foreach (var (h, i) in hosts.Select((h, i) => (h, i)))
        {
            // The delayer is the harness itself, so it runs on this machine, in the host's network namespace, whatever the host's runtime.
            var p = new HostProcess(h with { Programs = LocalPrograms.Instance }, runId, DelayerCommandLine.Verb, "dotnet", [harness, .. DelayerCommandLine.Arguments(Queue, seed + i, profile)], runDirectory);
            _delayers.Add(p);
            started.Add(p);
            await p.StartAsync(cancel);
        }

        await Task.WhenAll(started.Select(p => p.WaitForLogAsync(DelayerCommandLine.Ready, TimeSpan.FromSeconds(20), cancel)));
        await Task.WhenAll(hosts.Select(h => Exec.CheckedAsync("ip", ["netns", "exec", h.Namespace, "iptables", "-w", "-A", .. Rule], cancel: cancel)));
    }

    /// <summary>Removes the rules and stops the delayers; safe to call when nothing was started.</summary>
    public async Task HealAsync(CancellationToken cancel)
    {
        var delayers = _delayers.ToList();
        _delayers.Clear();
        // A rule already flushed (by another fault's heal) makes -D fail harmlessly.
        await Task.WhenAll(delayers.Select(d => d.Host).Distinct().Select(h =>
            Exec.RunAsync("ip", ["netns", "exec", h.Namespace, "iptables", "-w", "-D", .. Rule], cancel: cancel)));
        await Task.WhenAll(delayers.Select(async d =>
        {
            await d.StopAsync(TimeSpan.FromSeconds(5));
            await d.DisposeAsync();
        }));
    }
}
