using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Tests.Candidates;

public sealed partial class CandidateManifestTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_full_manifest_is_read_field_by_field()
    {
        var folder = Folder("""
            {"name": "Curator LeaderLatch", "backends": ["zookeeper", "none"], "run": ["java", "-jar", "latch.jar"],
             "build": ["./gradlew", "jar"], "packages": ["openjdk-17-jdk-headless", "libc6"], "status_path": "/is-leader",
             "start_timeout_ms": 90000, "added_later": {"fields": "may be added"}}
            """);

        var m = CandidateManifest.Read(folder);

        Assert.Equal(folder, m.Directory);
        Assert.Equal("Curator LeaderLatch", m.Name);
        Assert.Equal(["zookeeper", "none"], m.Backends);
        Assert.Equal(["java", "-jar", "latch.jar"], m.Run);
        Assert.Equal(["./gradlew", "jar"], m.Build!);
        Assert.Equal(["openjdk-17-jdk-headless", "libc6"], m.Packages);
        Assert.Equal("/is-leader", m.StatusPath);
        Assert.Equal(TimeSpan.FromSeconds(90), m.StartTimeout);
        Assert.Equal("curator-leaderlatch", m.Slug);
    }

    [Fact]
    public void The_optional_fields_take_the_contracts_defaults()
    {
        var m = CandidateManifest.Read(Folder("""{"name": "x", "backends": ["redis"], "run": ["./x"], "build": null}"""));

        Assert.Null(m.Build);
        Assert.Empty(m.Packages);
        Assert.Equal("/leader", m.StatusPath);
        Assert.Equal(TimeSpan.FromMilliseconds(60000), m.StartTimeout);
    }

    [Fact]
    public void A_folder_given_relative_or_with_a_trailing_slash_is_read_as_its_full_path()
    {
        var folder = Folder("""{"name": "x", "backends": ["redis"], "run": ["./x"]}""");

        Assert.Equal(folder, CandidateManifest.Read(folder + "/").Directory);
        Assert.Equal(folder, CandidateManifest.Read(Path.GetRelativePath(Directory.GetCurrentDirectory(), folder)).Directory);
    }

    [Theory]
    [InlineData("DistributedLock.Redis sample", "distributedlock-redis-sample")]
    [InlineData("  --Go etcd/concurrency!! ", "go-etcd-concurrency")]
    [InlineData("élection", "lection")]
    [InlineData("a", "a")]
    public void The_slug_keeps_lowercase_letters_digits_and_single_dashes(string name, string slug) =>
        Assert.Equal(slug, CandidateManifest.SlugOf(name));

    [Theory]
    [InlineData("選挙")]
    [InlineData("!!!")]
    public void A_name_without_a_letter_or_digit_of_ascii_still_has_a_slug(string name)
    {
        var slug = CandidateManifest.SlugOf(name);

        Assert.Matches("^candidate-[0-9a-f]{8}$", slug);
        Assert.NotEqual(CandidateManifest.SlugOf("?"), slug);
    }

    [Fact]
    public void Require_accepts_a_listed_backend_and_names_the_listed_ones_for_another()
    {
        var m = CandidateManifest.Read(Folder("""{"name": "x", "backends": ["redis", "etcd"], "run": ["./x"]}"""));

        m.Require(BackendNames.Etcd);
        var e = Assert.Throws<UsageException>(() => m.Require(BackendNames.ZooKeeper));
        Assert.Equal($"candidate.json in {m.Directory}: \"backends\" lists redis, etcd; the candidate \"x\" cannot campaign on zookeeper", e.Message);
    }

    [Fact]
    public void Every_backend_the_harness_knows_and_none_may_be_listed()
    {
        var all = string.Join(", ", BackendNames.All.Append("none").Select(b => $"\"{b}\""));

        var m = CandidateManifest.Read(Folder($$"""{"name": "x", "backends": [{{all}}], "run": ["./x"]}"""));

        Assert.Equal([.. BackendNames.All, "none"], m.Backends);
    }

    [Fact]
    public void Packages_are_needs_named_by_the_package()
    {
        var m = CandidateManifest.Read(Folder("""{"name": "x", "backends": ["redis"], "run": ["./x"], "packages": ["coreutils", "python3-redis"]}"""));

        Assert.Equal(["coreutils", "python3-redis"], m.Needs.Select(r => r.Package));
        Assert.Equal(["coreutils", "python3-redis"], m.Needs.Select(r => r.What));
    }

    private string Folder(string manifest, string name = "candidate")
    {
        var folder = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "candidate.json"), manifest);
        return folder;
    }
}
