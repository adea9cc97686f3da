using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads.Tests.Candidate;

public class CandidateCommandLineTests
{
    private static readonly CandidateOptions Minimal = new(
        "c1", BackendNames.Redis, "/tmp/run/control.sock", ["10.0.0.1:6379"],
        TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    [Fact]
    public void Options_left_at_their_defaults_parse_back_the_same()
    {
        var parsed = CandidateCommandLine.Parse(CandidateCommandLine.Arguments(Minimal));

        AssertSame(Minimal, parsed);
    }

    [Fact]
    public void Every_option_set_parses_back_the_same()
    {
        var told = Minimal with
        {
            Backend = BackendNames.Kubernetes,
            Servers = ["10.0.0.1:2379", "10.0.0.2:2379", "10.0.0.3:2379"],
            Ttl = TimeSpan.FromMilliseconds(3250),
            WriteInterval = TimeSpan.FromMilliseconds(40),
            JobInterval = TimeSpan.FromMilliseconds(700),
            CallTimeout = TimeSpan.FromMilliseconds(650),
            Peers = "c1=10.1.0.1:7000,c2=10.1.0.2:7000",
            DataDirectory = "/tmp/run/nodes/c1/data",
            Kubeconfig = "/root/.kube/config",
            Namespace = "tests",
            Lease = "electionjepsen-r1",
            RenewDeadline = TimeSpan.FromMilliseconds(2100),
            RetryPeriod = TimeSpan.FromMilliseconds(430),
        };

        var parsed = CandidateCommandLine.Parse(CandidateCommandLine.Arguments(told));

        AssertSame(told, parsed);
    }

    [Fact]
    public void A_backend_not_in_the_list_is_refused_with_the_list()
    {
        var args = CandidateCommandLine.Arguments(Minimal with { Backend = "memcached" });

        var refused = Assert.Throws<FormatException>(() => CandidateCommandLine.Parse(args));

        Assert.Contains("no election recipe named \"memcached\"", refused.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", BackendNames.All), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_backend_name_maps_to_a_recipe()
    {
        Assert.Equal(BackendNames.All, RecipeCatalog.ByName.Keys);
    }

    [Fact]
    public void A_name_mapped_to_nothing_fails_where_the_map_is_made()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => BackendNames.Map(name => name == BackendNames.Ring ? null : name));

        Assert.Contains("\"ring\"", missing.Message, StringComparison.Ordinal);
    }

    private static void AssertSame(CandidateOptions told, CandidateOptions parsed)
    {
        Assert.Equal(told.Servers, parsed.Servers);
        Assert.Equal(told, parsed with { Servers = told.Servers });
    }
}
