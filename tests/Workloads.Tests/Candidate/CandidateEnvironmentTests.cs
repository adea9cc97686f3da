using System.Net;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads.Tests.Candidate;

/// <summary>The candidate started without --control: its settings from the contract's environment, an option given winning over it.</summary>
public class CandidateEnvironmentTests
{
    private static readonly Dictionary<string, string> Contract = new(StringComparer.Ordinal)
    {
        [CandidateEnvironment.Node] = "c3",
        [CandidateEnvironment.Backend] = BackendNames.Redis,
        [CandidateEnvironment.Servers] = "10.77.0.11:6379",
        [CandidateEnvironment.Peers] = "c1=10.77.0.21,c2=10.77.0.22,c3=10.77.0.23",
        [CandidateEnvironment.TtlMs] = "3000",
        [CandidateEnvironment.JobIntervalMs] = "500",
        [CandidateEnvironment.StatusPort] = "7070",
        [CandidateEnvironment.Ledger] = "http://127.0.0.1:7071",
    };

    [Fact]
    public void The_environment_alone_tells_the_candidate_everything()
    {
        var told = Read([], Contract);

        Assert.False(told.Controlled);
        Assert.Equal("c3", told.Node);
        Assert.Equal(BackendNames.Redis, told.Backend);
        Assert.Equal(["10.77.0.11:6379"], told.Servers);
        Assert.Equal("c1=10.77.0.21,c2=10.77.0.22,c3=10.77.0.23", told.Peers);
        Assert.Equal(TimeSpan.FromMilliseconds(3000), told.Ttl);
        Assert.Equal(TimeSpan.FromMilliseconds(500), told.JobInterval);
        Assert.Equal(7070, told.StatusPort);
        Assert.Equal(new Uri("http://127.0.0.1:7071"), told.Ledger);
    }

    [Fact]
    public void Options_given_win_over_the_environment()
    {
        var told = Read(
            ["--node", "mine", "--backend", BackendNames.Redlock, "--servers", "127.0.0.1:1,127.0.0.1:2", "--ttl-ms", "900", "--job-interval-ms", "250", "--status-port", "8080", "--ledger", "http://127.0.0.1:9"],
            Contract);

        Assert.Equal("mine", told.Node);
        Assert.Equal(BackendNames.Redlock, told.Backend);
        Assert.Equal(["127.0.0.1:1", "127.0.0.1:2"], told.Servers);
        Assert.Equal(TimeSpan.FromMilliseconds(900), told.Ttl);
        Assert.Equal(TimeSpan.FromMilliseconds(250), told.JobInterval);
        Assert.Equal(8080, told.StatusPort);
        Assert.Equal(new Uri("http://127.0.0.1:9"), told.Ledger);
    }

    [Fact]
    public void Without_a_node_name_the_candidate_takes_the_hostname()
    {
        var told = Read([], Without(CandidateEnvironment.Node));

        Assert.Equal(Dns.GetHostName(), told.Node);
    }

    [Fact]
    public void Without_a_ledger_there_is_none_and_acts_go_to_standard_output()
    {
        var told = Read([], Without(CandidateEnvironment.Ledger));

        Assert.Null(told.Ledger);
    }

    [Fact]
    public void Servers_of_a_backend_reached_over_http_are_given_its_scheme()
    {
        var told = Read([], With(CandidateEnvironment.Backend, BackendNames.Etcd, CandidateEnvironment.Servers, "10.77.0.11:2379,10.77.0.12:2379"));

        Assert.Equal(["http://10.77.0.11:2379", "http://10.77.0.12:2379"], told.Servers);
    }

    [Fact]
    public void With_control_the_environment_is_not_read()
    {
        var harness = new CandidateOptions(
            "c1", BackendNames.Redis, "/tmp/run/control.sock", ["10.0.0.1:6379"],
            TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var told = CandidateCommandLine.Parse(CandidateCommandLine.Arguments(harness), name => Contract.GetValueOrDefault(name));

        Assert.Equal(harness, told with { Servers = harness.Servers });
        Assert.Equal(harness.Servers, told.Servers);
    }

    [Theory]
    [InlineData(CandidateEnvironment.TtlMs, "five", "EJ_TTL_MS must be a whole number of milliseconds, at least 1, not \"five\"")]
    [InlineData(CandidateEnvironment.TtlMs, "0", "EJ_TTL_MS must be a whole number of milliseconds, at least 1, not \"0\"")]
    [InlineData(CandidateEnvironment.JobIntervalMs, "-5", "EJ_JOB_INTERVAL_MS must be a whole number of milliseconds, at least 1, not \"-5\"")]
    [InlineData(CandidateEnvironment.StatusPort, "70700", "EJ_STATUS_PORT must be a TCP port, 1 to 65535, not \"70700\"")]
    [InlineData(CandidateEnvironment.Ledger, "127.0.0.1:7071", "EJ_LEDGER must be an http:// URL such as http://127.0.0.1:7071, not \"127.0.0.1:7071\"")]
    [InlineData(CandidateEnvironment.Backend, "none", "EJ_BACKEND: no election recipe named \"none\"")]
    [InlineData(CandidateEnvironment.Servers, "", "redis needs its servers: set EJ_SERVERS or --servers")]
    [InlineData(CandidateEnvironment.StatusPort, "", "no status port: set EJ_STATUS_PORT or --status-port")]
    public void A_value_it_cannot_use_is_refused_in_one_line_naming_it(string name, string value, string expected)
    {
        var refused = Assert.Throws<FormatException>(() => Read([], With(name, value)));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void Without_a_backend_anywhere_the_recipes_are_listed()
    {
        var refused = Assert.Throws<FormatException>(() => Read([], Without(CandidateEnvironment.Backend)));

        Assert.Equal($"no backend: set EJ_BACKEND or --backend to one of {string.Join(", ", BackendNames.All)}", refused.Message);
    }

    private static CandidateOptions Read(string[] args, IReadOnlyDictionary<string, string> environment) =>
        CandidateCommandLine.Parse(args, name => environment.GetValueOrDefault(name));

    private static Dictionary<string, string> Without(string name) => Contract.Where(v => v.Key != name).ToDictionary();

    private static Dictionary<string, string> With(params string[] pairs)
    {
        var environment = new Dictionary<string, string>(Contract);
        for (var i = 0; i < pairs.Length; i += 2) environment[pairs[i]] = pairs[i + 1];
        return environment;
    }
}
