using CsCheck;
using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.Linearizability;

/// <summary>
/// The fast path, the search and the brute-force oracle must reach the same verdict on
/// every history: small wild ones (any operation, any outcome, ties in time), generated
/// valid ones, and generated ones corrupted in each known way.
/// </summary>
public class CheckerAgreementProperties
{
    private static readonly SearchLimits Limits = SearchLimits.Default with { TimeLimit = TimeSpan.FromSeconds(20) };

    private static bool Search(HistoryT h, string model)
    {
        var r = LinearizabilityChecker.Check(h, model, Limits);
        Assert.NotEqual(Validity.Unknown, r.Valid);
        return r.Valid == Validity.True;
    }

    private static string Dump(HistoryT h) => string.Join("\n", h.Operations.Select(o =>
        $"{h.ProcessName(o.Process)} {o.F} in={o.Input} out={o.Output} {o.Outcome} [{o.InvokeTime},{(o.IsOpen ? "open" : o.CompleteTime.ToString(System.Globalization.CultureInfo.InvariantCulture))}]"));

    [Fact]
    public void Fast_path_search_and_brute_force_agree_on_wild_lease_histories()
    {
        var valid = 0;
        Gen.Int.Sample(seed =>
        {
            var h = WildHistories.Lease(new Random(seed));
            var brute = BruteForce.IsLinearizable(h, "fenced-lease");
            var fast = FencedLeaseChecker.IsLinearizable(FencedLeaseChecker.Check(h));
            var search = Search(h, "fenced-lease");
            Assert.True(brute == fast && fast == search, $"seed {seed}: brute {brute}, fast {fast}, search {search}\n{Dump(h)}");
            if (brute) Interlocked.Increment(ref valid);
        }, iter: 4000);

        // Both verdicts must be well represented, or the comparison proves little.
        Assert.InRange(valid, 400, 3600);
    }

    [Theory]
    [InlineData("mutex")]
    [InlineData("register")]
    [InlineData("cas-register")]
    public void Search_and_brute_force_agree_on_wild_histories(string model)
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            var h = model == "mutex" ? WildHistories.Mutex(r) : WildHistories.Register(r, model == "cas-register");
            var brute = BruteForce.IsLinearizable(h, model);
            var search = Search(h, model);
            Assert.True(brute == search, $"seed {seed}: brute {brute}, search {search}\n{Dump(h)}");
        }, iter: 2000);
    }

    [Theory]
    [InlineData("mutex")]
    [InlineData("register")]
    [InlineData("fenced-lease")]
    public void Search_and_brute_force_agree_when_many_processes_leave_operations_indeterminate(string model)
    {
        // More processes, so that indeterminate operations of one effect from different
        // processes meet: the search tries only the earliest of them.
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            var h = model switch
            {
                "mutex" => WildHistories.Mutex(r, processes: 5, maxOpsPerProcess: 3),
                "register" => WildHistories.Register(r, cas: true, processes: 5, maxOpsPerProcess: 3),
                _ => WildHistories.Lease(r, processes: 5, maxOpsPerProcess: 3),
            };
            var modelName = model == "register" ? "cas-register" : model;
            var brute = BruteForce.IsLinearizable(h, modelName);
            var search = Search(h, modelName);
            Assert.True(brute == search, $"seed {seed}: brute {brute}, search {search}\n{Dump(h)}");
        }, iter: 1000);
    }

    [Fact]
    public void Generated_valid_lease_histories_are_valid_to_every_checker()
    {
        Gen.Int[0, 100_000].Sample(seed =>
        {
            var options = new GenOptions(4, 300, Keys: 1 + (seed % 3)) { InfoRate = 0.1, Concurrency = 3 };
            var h = HistoryGenerator.Lease(seed, options).History(new Random(seed), tieRate: 0.05);
            var fast = FencedLeaseChecker.Check(h);
            Assert.True(fast.Valid == Validity.True, $"seed {seed}: {string.Join("; ", fast.Violations.Select(v => v.Description))}");
            Assert.True(Search(h, "fenced-lease"), $"seed {seed}");
        }, iter: 200);
    }

    [Fact]
    public void Dense_lease_and_blocking_mutex_histories_are_valid_and_their_corruptions_are_not()
    {
        Gen.Int[0, 100_000].Sample(seed =>
        {
            var lease = HistoryGenerator.DenseLease(seed, new GenOptions(6, 400) { Concurrency = 4 }).History();
            Assert.Equal(Validity.True, FencedLeaseChecker.Check(lease).Valid);
            Assert.True(Search(lease, "fenced-lease"), $"seed {seed}");
            var mutex = HistoryGenerator.BlockingMutex(seed, new GenOptions(8, 400));
            Assert.True(Search(mutex.History(), "mutex"), $"seed {seed}");
            Assert.True(Corruptions.EarlyGrant(mutex, new Random(seed), 0.5));
            Assert.False(Search(mutex.History(), "mutex"), $"seed {seed}");
        }, iter: 50);
    }

    [Theory]
    [InlineData("mutex")]
    [InlineData("register")]
    [InlineData("cas-register")]
    public void Generated_valid_histories_of_the_other_models_are_valid(string model)
    {
        Gen.Int[0, 100_000].Sample(seed =>
        {
            var options = new GenOptions(5, 300, Keys: 1 + (seed % 2)) { InfoRate = 0.05 };
            var g = model == "mutex" ? HistoryGenerator.Mutex(seed, options) : HistoryGenerator.Register(seed, options, model == "cas-register");
            Assert.True(Search(g.History(new Random(seed), tieRate: 0.05), model), $"seed {seed}");
        }, iter: 100);
    }

    public static TheoryData<string, string> LeaseCorruptions => new()
    {
        { nameof(Corruptions.StaleClaim), ViolationKinds.StaleLeader },
        { nameof(Corruptions.ReusedToken), ViolationKinds.TokenReuse },
        { nameof(Corruptions.RegressedToken), ViolationKinds.TokenRegression },
        { nameof(Corruptions.ActAfterRelease), ViolationKinds.ActedAfterRelease },
        { nameof(Corruptions.DuplicateJob), ViolationKinds.DuplicateJob },
    };

    [Theory]
    [MemberData(nameof(LeaseCorruptions))]
    public void Each_lease_corruption_is_found_by_the_fast_path_and_the_search(string corruption, string kind)
    {
        var applied = 0;
        Gen.Int[0, 100_000].Sample(seed =>
        {
            var g = HistoryGenerator.Lease(seed, new GenOptions(3, 120) { Concurrency = 1 });
            var corrupt = typeof(Corruptions).GetMethod(corruption)!;
            if (!(bool)corrupt.Invoke(null, [g, new Random(seed)])!) return;
            Interlocked.Increment(ref applied);
            var h = g.History();
            var fast = FencedLeaseChecker.Check(h);
            Assert.True(fast.Violations.Any(v => v.Kind == kind), $"seed {seed}: expected {kind}, got {string.Join(", ", fast.Violations.Select(v => v.Kind))}");
            if (kind != ViolationKinds.DuplicateJob) Assert.False(Search(h, "fenced-lease"), $"seed {seed}");
        }, iter: 300);
        Assert.True(applied >= 30, $"the corruption applied to only {applied} of 300 histories");
    }

    [Fact]
    public void Impossible_reads_and_double_acquires_are_found_by_the_search()
    {
        Gen.Int[0, 100_000].Sample(seed =>
        {
            var register = HistoryGenerator.Register(seed, new GenOptions(5, 200));
            if (Corruptions.ImpossibleRead(register, new Random(seed), 5)) Assert.False(Search(register.History(), "register"), $"seed {seed}");
            var mutex = HistoryGenerator.Mutex(seed, new GenOptions(5, 200));
            if (Corruptions.DoubleAcquire(mutex, new Random(seed))) Assert.False(Search(mutex.History(), "mutex"), $"seed {seed}");
        }, iter: 100);
    }
}
