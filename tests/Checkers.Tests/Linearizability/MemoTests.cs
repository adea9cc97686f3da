using CsCheck;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Linearizability.Models;

namespace ElectionJepsen.Checkers.Tests.Linearizability;

/// <summary>The memo's keys are exact: a hash collision costs a comparison, never a pruned branch.</summary>
public class MemoTests
{
    private static Memo<MutexState> NewMemo(long bytes = 64L << 20) => new(new SearchMemory(new MemoryBudget(bytes)));

    [Fact]
    public void Different_sets_with_the_same_hash_are_both_new()
    {
        var memo = NewMemo();
        Assert.Equal(MemoAdd.Added, memo.Add(42, 7, [3, 5], 0, new MutexState(true)));
        Assert.Equal(MemoAdd.Added, memo.Add(42, 7, [3, 6], 0, new MutexState(true)));
        Assert.Equal(MemoAdd.Added, memo.Add(42, 8, [3, 5], 0, new MutexState(true)));
        Assert.Equal(MemoAdd.Added, memo.Add(42, 7, [3, 5], 1, new MutexState(true)));
        Assert.Equal(MemoAdd.Added, memo.Add(42, 7, [3, 5], 0, new MutexState(false)));
        Assert.Equal(MemoAdd.Seen, memo.Add(42, 7, [3, 6], 0, new MutexState(true)));
        Assert.Equal(5, memo.Count);
    }

    [Fact]
    public void Forgetting_drops_the_older_generation_and_keeps_the_young()
    {
        var memo = NewMemo();
        for (var i = 0; i < 2000; i++) Assert.Equal(MemoAdd.Added, memo.Add((ulong)i, i, [], 0, default));
        Assert.True(memo.Forget());
        Assert.Equal(MemoAdd.Added, memo.Add(1u << 20, 1 << 20, [], 0, default));
        Assert.True(memo.Forget());
        Assert.Equal(1, memo.Count);
        Assert.Equal(MemoAdd.Seen, memo.Add(1u << 20, 1 << 20, [], 0, default));
        Assert.Equal(MemoAdd.Added, memo.Add(5, 5, [], 0, default));
    }

    [Fact]
    public void Memo_that_cannot_grow_says_so()
    {
        var memo = NewMemo(1024);
        Assert.Equal(MemoAdd.OutOfMemory, memo.Add(1, 1, [], 0, default));
    }

    [Fact]
    public void Equal_sets_of_indeterminate_operations_have_one_id_however_they_were_built()
    {
        Gen.Int[1, 5000].Select(Gen.Int[0, 4999].Array[0, 40], Gen.Int).Sample((size, members, seed) =>
        {
            var sets = new IndeterminateSets(size, _ => true, _ => { });
            var elements = members.Select(m => m % size).ToArray();
            int Build(IEnumerable<int> order) => order.Aggregate(IndeterminateSets.Empty, sets.With);
            var forward = Build(elements);
            var random = new Random(seed);
            var shuffled = Build(elements.OrderBy(_ => random.Next()));
            Assert.Equal(forward, shuffled);
            Assert.Equal(forward == IndeterminateSets.Empty, elements.Length == 0);
            var missing = Enumerable.Range(0, size).FirstOrDefault(i => !elements.Contains(i), -1);
            if (missing >= 0) Assert.NotEqual(forward, sets.With(forward, missing));
            if (elements.Length > 0) Assert.Equal(forward, sets.With(forward, elements[0]));
        }, iter: 500);
    }

    [Fact]
    public void Sets_of_indeterminate_operations_refused_memory_say_so()
    {
        var sets = new IndeterminateSets(1 << 20, _ => false, _ => { });
        var id = IndeterminateSets.Empty;
        for (var i = 0; i < 64 && id >= 0; i++) id = sets.With(id, i * 4096);
        Assert.Equal(-1, id);
    }

    [Fact]
    public void Sets_of_indeterminate_operations_hold_only_their_arrays_of_now_once_grown()
    {
        var memory = new SearchMemory(new MemoryBudget(1L << 30));
        Assert.True(memory.TryReserve(IndeterminateSets.InitialBytes));
        var sets = new IndeterminateSets(1 << 16, memory.TryReserve, memory.Discard);
        var id = IndeterminateSets.Empty;
        for (var i = 0; i < 5000; i++) id = sets.With(id, i * 13 % (1 << 16));

        // What is held is the arrays of now, a power of two slots each: not all those outgrown as well.
        var slots = memory.HeldBytes / (IndeterminateSets.InitialBytes / 16);
        Assert.True(slots > 16 && System.Numerics.BitOperations.IsPow2(slots), $"{slots} slots held");
    }

    [Fact]
    public void A_memo_refused_part_of_its_first_growth_holds_nothing()
    {
        var memory = new SearchMemory(new MemoryBudget(30_000));
        var memo = new Memo<MutexState>(memory);
        Assert.Equal(MemoAdd.OutOfMemory, memo.Add(1, 1, [], 0, default));
        Assert.Equal(0, memory.HeldBytes);
    }
}
