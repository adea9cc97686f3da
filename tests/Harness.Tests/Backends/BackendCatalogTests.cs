using System.Net;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Tests.Backends;

public class BackendCatalogTests
{
    public static TheoryData<string> Names => [.. BackendNames.All];

    [Fact]
    public void Every_backend_name_maps_on_both_sides()
    {
        Assert.Equal(BackendNames.All, BackendCatalog.ByName.Keys);
        Assert.Equal(BackendNames.All, RecipeCatalog.ByName.Keys);
        Assert.All(BackendCatalog.ByName, b => Assert.Equal(b.Key, b.Value.Name));
        Assert.Equal(BackendNames.All, RunCommand.Backends.Keys);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_candidate_parses_back_what_the_harness_tells_it(string name)
    {
        var backend = BackendCatalog.ByName[name];
        var options = new RunOptions(name, [], 3, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 7, TimeSpan.FromMilliseconds(3200), true, "store", false)
        {
            ElectorRenewDeadline = name == BackendNames.Kubernetes ? TimeSpan.FromMilliseconds(2000) : null,
            ElectorRetryPeriod = name == BackendNames.Kubernetes ? TimeSpan.FromMilliseconds(400) : null,
        };
        var servers = Hosts("s", backend.ServerCount);
        var candidates = Hosts("c", options.Nodes);

        var told = RunVerb.Candidate(options, backend, "r1", "c2", "/tmp/run/control.sock", "/tmp/run/nodes/c2/data", servers, candidates);
        var parsed = CandidateCommandLine.Parse(CandidateCommandLine.Arguments(told));

        Assert.Equal(("c2", name, "/tmp/run/control.sock", "/tmp/run/nodes/c2/data"), (parsed.Node, parsed.Backend, parsed.ControlSocket, parsed.DataDirectory));
        Assert.Equal(backend.Endpoints(servers), string.Join(',', parsed.Servers));
        Assert.Equal(backend.Peers(candidates) ?? string.Empty, parsed.Peers);
        Assert.Equal((options.Ttl, options.WriteInterval, options.JobInterval, options.Ttl / 5), (parsed.Ttl, parsed.WriteInterval, parsed.JobInterval, parsed.CallTimeout));
        Assert.Equal((options.ElectorRenewDeadline, options.ElectorRetryPeriod), (parsed.RenewDeadline, parsed.RetryPeriod));
        Assert.Equal(told, parsed with { Servers = told.Servers });
    }

    private static List<Host> Hosts(string prefix, int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Host($"{prefix}{i}", $"ej-r1-{prefix}{i}", IPAddress.Parse($"10.77.0.{i + (prefix == "s" ? 0 : 100)}")))];
}
