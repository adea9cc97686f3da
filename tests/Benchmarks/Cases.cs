using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Benchmarks;

/// <summary>A generated history the benchmarks read, made once and kept in the work directory.</summary>
public sealed record HistoryCase(string Name, string Model, string Description, Func<GeneratedHistory> Make)
{
    public string Path(string dir) => System.IO.Path.Combine(dir, Name + ".jsonl");

    public static IReadOnlyList<HistoryCase> All { get; } =
    [
        new("lease-1m-10p", "fenced-lease", "legal fenced-lease, 1,000,000 ops, 10 processes",
            () => HistoryGenerator.Lease(1, new GenOptions(10, 1_000_000) { Concurrency = 2 })),
        new("lease-100k-10p", "fenced-lease", "legal fenced-lease, 100,000 ops, 10 processes, every op a grant or an act",
            () => HistoryGenerator.DenseLease(2, new GenOptions(10, 100_000) { Concurrency = 4 })),
        new("mutex-100k-10p", "mutex", "legal mutex, blocking acquires, 100,000 ops, 10 processes",
            () => HistoryGenerator.BlockingMutex(3, new GenOptions(10, 100_000))),
        new("mutex-illegal-10k-10p", "mutex", "illegal mutex, blocking acquires, 10,000 ops, 10 processes, fault in the last tenth",
            () => Corrupt(HistoryGenerator.BlockingMutex(4, new GenOptions(10, 10_000)), 4)),
        new("mutex-illegal-10k-20p", "mutex", "illegal mutex, blocking acquires, 10,000 ops, 20 processes, fault in the last tenth",
            () => Corrupt(HistoryGenerator.BlockingMutex(5, new GenOptions(20, 10_000)), 5)),
        new("register-100k-10p", "register", "legal register, values 0-4, 100,000 ops, 10 processes",
            () => HistoryGenerator.Register(6, new GenOptions(10, 100_000) { Concurrency = 2, Values = 5 })),
    ];

    private static GeneratedHistory Corrupt(GeneratedHistory h, int seed) =>
        Corruptions.EarlyGrant(h, new Random(seed), from: 0.9) ? h : throw new InvalidOperationException("no place for the fault");
}
