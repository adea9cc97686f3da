using System.Diagnostics;
using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.Linearizability.Models;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// The general checker: for each key on its own (P-compositionality), in parallel, a
/// search for a linearization under one of the models. The whole check shares one time
/// budget and one memory budget (<see cref="MemoryBudget"/>); past either the verdict is
/// unknown, saying which. One invalid key stops the others.
/// </summary>
public static partial class LinearizabilityChecker
{
    public static IReadOnlyList<string> ModelNames { get; } =
        [FencedLeaseChecker.ModelName, MutexModel.Name, RegisterModel.RegisterName, RegisterModel.CasRegisterName];

    public static CheckResult Check(History.History history, string model, SearchLimits limits, CancellationToken cancel = default)
    {
        switch (model)
        {
            case FencedLeaseChecker.ModelName:
                return Run<FencedLeaseModel, LeaseState>(history, model, new FencedLeaseModel(), FencedLeaseModel.Prepare(history), limits, cancel);
            case MutexModel.Name:
                return Run<MutexModel, MutexState>(history, model, new MutexModel(), MutexModel.Prepare(history), limits, cancel);
            case RegisterModel.RegisterName:
            case RegisterModel.CasRegisterName:
                var ops = RegisterModel.Prepare(history, model == RegisterModel.CasRegisterName, out var values);
                return Run<RegisterModel, RegisterState>(history, model, new RegisterModel(values), ops, limits, cancel);
            default:
                throw new ArgumentException($"unknown model \"{model}\"; the models are {string.Join(", ", ModelNames)}", nameof(model));
        }
    }

    /// <summary>Checks against fenced-lease the lease operations already taken out of <paramref name="history"/> (shared with the fast path).</summary>
    internal static CheckResult CheckFencedLease(History.History history, Dictionary<string, LeaseKeyOps> byKey, SearchLimits limits, CancellationToken cancel) =>
        Run<FencedLeaseModel, LeaseState>(history, FencedLeaseChecker.ModelName, new FencedLeaseModel(), FencedLeaseModel.Prepare(byKey), limits, cancel);

    private static CheckResult Run<TModel, TState>(
        History.History history, string modelName, TModel model, Dictionary<string, List<SearchOp>> byKey, SearchLimits limits, CancellationToken cancel)
        where TModel : struct, ISearchModel<TState>
        where TState : struct, IEquatable<TState>
    {
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (limits.TimeLimit > TimeSpan.Zero) stop.CancelAfter(limits.TimeLimit);
        else stop.Cancel();
        var parallelism = Math.Max(1, Math.Min(Environment.ProcessorCount, byKey.Count));
        var budget = new MemoryBudget(limits.MemoryBudgetBytes, parallelism);
        var operations = byKey.Values.Sum(ops => (long)ops.Count);
        var outcomes = new (string Key, SearchOp[] Ops, SearchOutcome Outcome)[byKey.Count];
        var keys = byKey.Keys.Order(StringComparer.Ordinal).ToArray();
        Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
        {
            var ops = TakeOperations(byKey, keys[i]);
            var outcome = stop.IsCancellationRequested
                ? SearchOutcome.Undecided(SearchOutcome.Stopped, 0)
                : Search<TModel, TState>.Run(model, ops, history.Processes, budget, stop.Token);
            outcomes[i] = (keys[i], ops, outcome);
            if (outcome.Valid == Validity.False) stop.Cancel();
        });

        var valid = outcomes.Aggregate(Validity.True, (v, o) => v.Merge(o.Outcome.Valid));
        var violations = new List<Violation>();
        foreach (var (key, ops, outcome) in outcomes)
        {
            if (outcome.Valid == Validity.False) violations.Add(Describe<TModel, TState>(history, model, key, ops, outcome));
        }

        string? reason = null;
        if (valid == Validity.Unknown)
        {
            reason = cancel.IsCancellationRequested ? "the check was cancelled"
                : outcomes.Select(o => o.Outcome.Reason).FirstOrDefault(r => r is not null && r != SearchOutcome.Stopped)
                ?? $"the search did not finish within its time limit of {limits.TimeLimit.TotalSeconds:0.###} s";
        }

        var report = new SearchReport(valid, clock.ElapsedMilliseconds, outcomes.Sum(o => o.Outcome.MemoEntries), reason)
        {
            Failure = violations.FirstOrDefault(),
            Operations = operations,
        };
        return new CheckResult(valid, modelName, Summaries.Of(history), violations) { Search = report, UnknownReason = reason };
    }

    /// <summary>A key's operations in call order, as an array; the list they came in is emptied so that only one copy is held.</summary>
    private static SearchOp[] TakeOperations(Dictionary<string, List<SearchOp>> byKey, string key)
    {
        var list = byKey[key];
        var ops = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list).ToArray();
        list.Clear();
        list.Capacity = 0;
        Array.Sort(ops, static (a, b) => a.Call != b.Call ? a.Call.CompareTo(b.Call) : a.Op.CompareTo(b.Op));
        return ops;
    }
}
