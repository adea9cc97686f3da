using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>The rows a run command asks for: our recipe per backend, or each candidate of the contract on the backends it lists.</summary>
public sealed class MatrixRowsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Candidate(string name, params string[] backends)
    {
        var dir = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "candidate.json"), $"{{\"name\": \"{name}\", \"backends\": [{string.Join(", ", backends.Select(b => $"\"{b}\""))}], \"run\": [\"/bin/true\"]}}");
        return dir;
    }

    [Fact]
    public void Without_candidates_a_row_is_a_backend()
    {
        Assert.Equal(["redis", "etcd"], MatrixRows.Of([], "redis,etcd", backendGiven: true).Select(r => r.Label));
        Assert.All(MatrixRows.Of([], "all", backendGiven: true), r => Assert.Null(r.Candidate));
        Assert.Contains("goes with --candidate", Assert.Throws<UsageException>(() => MatrixRows.Of([], "none", backendGiven: true)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_candidate_runs_on_its_first_backend_unless_backend_names_others()
    {
        var a = Candidate("Leader Service", "etcd", "redis");
        var b = Candidate("peers", "none");

        var rows = MatrixRows.Of([a, b], "redis", backendGiven: false);
        Assert.Equal(["leader-service@etcd", "peers@none"], rows.Select(r => r.Label));
        Assert.Equal(["leader-service@etcd", "leader-service"], rows[0].Names);
        Assert.Equal(0, rows[1].Servers.ServerCount);

        Assert.Equal(["leader-service@etcd", "leader-service@redis", "peers@none"], MatrixRows.Of([a, b], "all", backendGiven: true).Select(r => r.Label));
        Assert.Equal(["leader-service@redis"], MatrixRows.Of([a], "redis", backendGiven: true).Select(r => r.Label));
        var e = Assert.Throws<UsageException>(() => MatrixRows.Of([a, b], "redis", backendGiven: true));
        Assert.Contains("cannot campaign on redis", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_stands_alone()
    {
        var e = Assert.Throws<UsageException>(() => MatrixRows.Of(["all", Candidate("x", "redis")], "redis", backendGiven: false));
        Assert.Contains("stands alone", e.Message, StringComparison.Ordinal);
    }
}
