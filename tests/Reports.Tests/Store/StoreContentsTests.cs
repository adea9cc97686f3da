using System.Globalization;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Reports.Tests.Store;

public sealed class StoreContentsTests : IDisposable
{
    private readonly TempDir _root = new();

    public void Dispose() => _root.Dispose();

    private string Store(string relative)
    {
        var path = Path.Combine(_root.Path, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    private static TestJson At(TestJson test, string time) =>
        test with { Started = DateTimeOffset.Parse($"2026-11-23T{time}:00Z", CultureInfo.InvariantCulture) };

    [Fact]
    public void Several_stores_are_merged_newest_first_each_run_naming_its_store_and_linked_from_the_page()
    {
        var a = Store("host-a/store");
        var b = Store("host-b/store");
        Fixtures.WriteRun(a, "20261123T100000-redis-pause", Fixtures.Quiet(), At(Fixtures.TestJson("redis", "pause"), "10:00"));
        Fixtures.WriteRun(b, "20261123T101500-redis-pause", Fixtures.PausedLeader(), At(Fixtures.TestJson("redis", "pause"), "10:15"));
        Fixtures.WriteRun(b, "20261123T090000-etcd-none", Fixtures.Quiet(), At(Fixtures.TestJson("etcd", "none"), "09:00"));
        var page = Path.Combine(_root.Path, "merged");

        var merged = StoreContents.Merge([a, b + "/"], page);

        Assert.Equal([a, b], merged.Stores);
        Assert.Equal(["20261123T101500-redis-pause", "20261123T100000-redis-pause", "20261123T090000-etcd-none"], merged.Runs.Select(r => r.Name));
        Assert.Equal([b, a, b], merged.Runs.Select(r => r.Store));
        Assert.Equal(["../host-b/store/20261123T101500-redis-pause", "../host-a/store/20261123T100000-redis-pause", "../host-b/store/20261123T090000-etcd-none"], merged.Runs.Select(r => r.Link));
        Assert.Empty(merged.Skipped);
    }

    [Fact]
    public void Runs_of_one_name_in_two_stores_are_both_kept_each_with_its_own_link()
    {
        var a = Store("a");
        var b = Store("b");
        const string name = "20261123T100000-redis-pause";
        Fixtures.WriteRun(a, name, Fixtures.Quiet(), At(Fixtures.TestJson("redis", "pause", seed: 1), "10:00"));
        Fixtures.WriteRun(b, name, Fixtures.PausedLeader(), At(Fixtures.TestJson("redis", "pause", seed: 2), "10:00"));

        var merged = StoreContents.Merge([a, b], a);

        Assert.Equal(2, merged.Runs.Count);
        Assert.All(merged.Runs, r => Assert.Equal(name, r.Name));

        // Same start, same name: the order of the stores on the command line decides.
        Assert.Equal([1L, 2L], merged.Runs.Select(r => r.Seed!.Value));
        Assert.Equal([name, $"../b/{name}"], merged.Runs.Select(r => r.Link));
    }

    [Fact]
    public void A_store_given_twice_under_two_spellings_is_read_once()
    {
        var a = Store("a");
        Fixtures.WriteRun(a, "20261123T100000-redis-none", Fixtures.Quiet(), Fixtures.TestJson("redis", "none"));

        var merged = StoreContents.Merge([a, Path.Combine(_root.Path, ".", "a") + "/"], a);

        Assert.Equal([a], merged.Stores);
        Assert.Equal("20261123T100000-redis-none", Assert.Single(merged.Runs).Link);
    }

    [Fact]
    public void A_broken_test_json_is_skipped_under_its_stores_name_with_the_reason()
    {
        var a = Store("a");
        var b = Store("b");
        Fixtures.WriteRun(a, "20261123T100000-redis-none", Fixtures.Quiet(), Fixtures.TestJson("redis", "none"));
        Fixtures.WriteRun(b, "20261123T100000-redis-none", Fixtures.Quiet(), Fixtures.TestJson("redis", "none"));
        File.WriteAllText(Path.Combine(b, "20261123T100000-redis-none", StoreLayout.TestFile), "{\"backend\": \"re");

        var merged = StoreContents.Merge([a, b], _root.Path);

        Assert.Equal(a, Assert.Single(merged.Runs).Store);
        var (name, why) = Assert.Single(merged.Skipped);
        Assert.Equal($"{b}/20261123T100000-redis-none", name);
        Assert.StartsWith("unreadable:", why);
    }

    [Fact]
    public void A_folder_holds_runs_when_one_of_its_directories_has_a_run_file_even_a_broken_one()
    {
        var empty = Store("empty");
        var notStore = Store("src");
        Directory.CreateDirectory(Path.Combine(notStore, "bin"));
        File.WriteAllText(Path.Combine(notStore, "bin", "app.dll"), "x");
        var broken = Store("broken");
        Directory.CreateDirectory(Path.Combine(broken, "20261123T100000-redis-none"));
        File.WriteAllText(Path.Combine(broken, "20261123T100000-redis-none", StoreLayout.TestFile), "{");

        Assert.False(StoreContents.HoldsRuns(empty));
        Assert.False(StoreContents.HoldsRuns(notStore));
        Assert.True(StoreContents.HoldsRuns(broken));
    }
}
