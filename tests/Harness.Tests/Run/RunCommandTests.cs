namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>Bad options stop a run before it touches anything: exit 64 and one line saying what is allowed.</summary>
public class RunCommandTests
{
    [Theory]
    [InlineData("--backend", "memcached", "the backends are redis, redlock")]
    [InlineData("--nemesis", "flood", "use one of partition, pause, kill, clock, loss")]
    [InlineData("--nemesis", "partition+flood", "--nemesis \"flood\" is not a nemesis")]
    [InlineData("--nemesis", "clock+clock", "faults joined by + are put in force together, and must be two or more different ones")]
    [InlineData("--nemesis", "pause+all", "--nemesis \"pause+all\": all runs a test under each fault (a matrix) and stands alone; list the faults instead (partition,pause,kill,clock,loss,delay)")]
    [InlineData("--nemesis", "all,none", "--nemesis \"all,none\": all runs a test under each fault (a matrix) and stands alone")]
    [InlineData("--fencing", "maybe", "--fencing takes on or off")]
    [InlineData("--partition-scope", "diagonal", "--partition-scope takes all, servers, candidates or candidates-servers")]
    [InlineData("--nodes", "0", "--nodes takes 1 to 50 candidates")]
    [InlineData("--partition-shape", "triangle", "--partition-shape \"triangle\" is not a shape")]
    [InlineData("--time-limit", "soon", "--time-limit takes a positive duration")]
    [InlineData("--ttl", "-3s", "--ttl takes a positive duration")]
    [InlineData("--etcd-election-timeout", "300ms", "--etcd-election-timeout (300 ms) must be at least 5 times --etcd-heartbeat (100 ms)")]
    [InlineData("--etcd-pre-vote", "yes", "--etcd-pre-vote takes on or off")]
    [InlineData("--zk-tick-time", "5ms", "--zk-tick-time takes 10ms to 60s")]
    [InlineData("--k8s-renew-deadline", "6s", "the elector needs the lease (5000 ms) > the renew deadline (6000 ms)")]
    public async Task Bad_run_option_exits_64_with_one_line(string option, string value, string says)
    {
        var run = await HarnessRun.InProcessAsync(option, value);
        Assert.Equal(64, run.ExitCode);
        Assert.Contains(says, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--kubeconfig goes with --backend kubernetes, not redis", "--kubeconfig", "/etc/hostname")]
    [InlineData("--kubeconfig /nonexistent/config: no such file", "--backend", "kubernetes", "--kubeconfig", "/nonexistent/config")]
    [InlineData("--namespace goes with --kubeconfig", "--backend", "kubernetes", "--namespace", "tests")]
    [InlineData("--namespace \"Tests_1\" is not a namespace name", "--backend", "kubernetes", "--kubeconfig", "/etc/hostname", "--namespace", "Tests_1")]
    [InlineData("--kubeconfig /etc/hostname cannot be used", "--backend", "kubernetes", "--kubeconfig", "/etc/hostname")]
    public async Task Bad_kubernetes_cluster_options_exit_64_with_one_line(string says, params string[] args)
    {
        var run = await HarnessRun.InProcessAsync(args);
        Assert.Equal(64, run.ExitCode);
        Assert.Contains(says, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("https://10.77.0.12:6443", "token: t", "inside 10.77.0.0/24, the subnet of the run's own hosts")]
    [InlineData("https://127.0.0.1:6443", "token: t", "a loopback address the run's hosts cannot share")]
    [InlineData("https://224.0.0.1:6443", "token: t", "not a unicast address")]
    [InlineData("https://192.0.2.1:6443", "exec: { apiVersion: client.authentication.k8s.io/v1, command: aws }", "logs in through a credential plugin")]
    public async Task A_kubeconfig_the_run_cannot_use_exits_64_with_one_line(string server, string user, string says)
    {
        using var dir = new ElectionJepsen.TestSupport.TempDir();
        var file = dir.File("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: "{server}"
            contexts:
            - name: c
              context:
                cluster: c
                user: u
            current-context: c
            users:
            - name: u
              user:
                {user}
            """);

        var run = await HarnessRun.InProcessAsync("--backend", "kubernetes", "--kubeconfig", file);

        Assert.Equal(64, run.ExitCode);
        Assert.Contains(says, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Help_shows_the_run_options_and_examples()
    {
        var run = await HarnessRun.InProcessAsync("run", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var word in new[] { "--backend", "--nemesis", "--nemesis-interval", "--seed", "--ttl", "--fencing", "--store", "--etcd-heartbeat", "--zk-tick-time", "--kubeconfig", "--namespace", "zookeeper", "Examples:" })
        {
            Assert.Contains(word, run.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("60", 60)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1.5s", 1.5)]
    public void Durations_accept_units_or_plain_seconds(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ElectionJepsen.Harness.Cli.DurationOption.Parse("--time-limit", text));
    }
}
