using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>The line a rewrite of the comparison page prints: its counts in words, one or many.</summary>
public class StoreComparisonTests
{
    private static StoredRun Run(string name, string backend, string nemesis) => new(name, backend, nemesis, Validity.True);

    [Fact]
    public void One_of_each_is_said_in_the_singular()
    {
        var contents = new StoreContents([Run("r1", "redis", "pause")], [("junk", "no test.json")]) { Stores = ["a"] };
        Assert.Equal("compared  /s/index.html: 1 run in 1 cell of 1 store, 0 superseded; 1 directory not runs", StoreComparison.Describe("/s/index.html", contents));
    }

    [Fact]
    public void Many_are_said_in_the_plural()
    {
        var contents = new StoreContents([Run("r1", "redis", "pause"), Run("r2", "redis", "pause"), Run("r3", "etcd", "kill")], [("junk", "no test.json"), ("more", "no results.json")])
        {
            Stores = ["a", "b"],
        };
        Assert.Equal("compared  /s/index.html: 3 runs in 2 cells of 2 stores, 1 superseded; 2 directories not runs", StoreComparison.Describe("/s/index.html", contents));
    }

    [Fact]
    public void A_single_store_says_nothing_of_stores()
    {
        Assert.Equal("compared  /s/index.html: 0 runs in 0 cells", StoreComparison.Describe("/s/index.html", new StoreContents([], [])));
    }
}
