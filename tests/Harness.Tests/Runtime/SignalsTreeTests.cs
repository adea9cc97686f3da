using System.Diagnostics;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests.Runtime;

/// <summary>Signals to a process and everything it forked, as a server that forks a process per connection needs.</summary>
public sealed class SignalsTreeTests
{
    [Fact]
    public async Task A_tree_is_stopped_resumed_and_killed_whole()
    {
        // A parent with two children and a grandchild, all sleeping.
        using var root = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 60 & sh -c 'sleep 60 & wait' & wait"]))!;
        try
        {
            var tree = await DescendantsAsync(root.Id, 3);
            Assert.Equal(3, tree.Count);

            Assert.True(Signals.SendTree(root.Id, Signals.Stop));
            Assert.All(tree.Prepend(root.Id), pid => Assert.Equal('T', StateSoon(pid, s => s == 'T')));

            Assert.True(Signals.SendTree(root.Id, Signals.Cont));
            Assert.All(tree.Prepend(root.Id), pid => Assert.NotEqual('T', StateSoon(pid, s => s != 'T')));

            Assert.True(Signals.SendTree(root.Id, Signals.Kill));
            await root.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await WaitGoneAsync(tree);
            Assert.All(tree, pid => Assert.False(Signals.IsRunning(pid), $"{pid} outlived the kill"));
            Assert.False(Signals.SendTree(root.Id, Signals.Kill));
        }
        finally
        {
            root.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void A_process_without_children_has_no_descendants_and_a_gone_one_takes_no_signal()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", ["30"]))!;
        try
        {
            Assert.Empty(Signals.Descendants(sleeper.Id));
            Assert.Contains(sleeper.Id, Signals.Descendants(Environment.ProcessId));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }

        Assert.False(Signals.SendTree(sleeper.Id, Signals.Stop));
    }

    private static async Task<IReadOnlyList<int>> DescendantsAsync(int pid, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        IReadOnlyList<int> found;
        while ((found = Signals.Descendants(pid)).Count < count && DateTime.UtcNow < deadline) await Task.Delay(20);
        return found;
    }

    private static async Task WaitGoneAsync(IReadOnlyList<int> pids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (pids.Any(Signals.IsRunning) && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    /// <summary>The state letter once it is what <paramref name="wanted"/> says, or after two seconds whatever it is (a signal is delivered a moment after it is sent).</summary>
    internal static char StateSoon(int pid, Func<char, bool> wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        char state;
        while (!wanted(state = State(pid)) && DateTime.UtcNow < deadline) Thread.Sleep(10);
        return state;
    }

    /// <summary>The state letter of /proc/PID/stat (T: stopped); '?' when gone.</summary>
    internal static char State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }
}
