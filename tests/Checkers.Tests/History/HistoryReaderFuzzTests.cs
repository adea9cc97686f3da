using CsCheck;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.History;

/// <summary>
/// Valid generated histories, damaged at random (seeded): the reader either reads a
/// history whose every line keeps the contract, or refuses the file naming the first line
/// that breaks it (as <see cref="LineOracle"/> judges, or an earlier one whose operation
/// does not pair), or drops a torn last line that has no line end; nothing else, and
/// never a hang.
/// </summary>
public class HistoryReaderFuzzTests
{
    private static readonly byte[][] Valid =
    [
        HistoryMutations.Bytes(HistoryGenerator.Lease(1, new GenOptions(4, 60) { InfoRate = 0.1 })),
        HistoryMutations.Bytes(HistoryGenerator.Lease(2, new GenOptions(3, 40, Keys: 2))),
        HistoryMutations.Bytes(HistoryGenerator.Mutex(3, new GenOptions(3, 40))),
        HistoryMutations.Bytes(HistoryGenerator.Register(4, new GenOptions(3, 40), cas: true)),
    ];

    [Fact]
    public void Damaged_histories_are_read_refused_or_torn_and_nothing_else()
    {
        int refused = 0, read = 0, torn = 0;
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            var (bytes, done) = HistoryMutations.Mutate(Valid[random.Next(Valid.Length)], random);
            var reading = Task.Run(() => Outcome(bytes));
            Assert.True(reading.Wait(TimeSpan.FromSeconds(30)), $"no answer in 30 s after: {done}");
            Judge(bytes, reading.Result, done);
            if (reading.Result is HistoryDataException) Interlocked.Increment(ref refused);
            else if (reading.Result is HistoryT { Torn: not null }) Interlocked.Increment(ref torn);
            else Interlocked.Increment(ref read);
        }, iter: 400);

        // The damage reaches every outcome, or the property says little.
        Assert.True(refused > 100 && read > 10 && torn > 5, $"{refused} refused, {read} read, {torn} torn");
    }

    [Fact]
    public void Undamaged_histories_are_read_whole()
    {
        foreach (var bytes in Valid)
        {
            var h = HistoryT.Read(new MemoryStream(bytes));
            Assert.Null(h.Torn);
            Assert.Equal(Lines(bytes).Count, h.EventCount);
        }
    }

    private static object Outcome(byte[] bytes)
    {
        try
        {
            return HistoryT.Read(new MemoryStream(bytes));
        }
        catch (HistoryDataException e)
        {
            return e;
        }
    }

    private static void Judge(byte[] bytes, object outcome, string done)
    {
        var lines = Lines(bytes);
        if (outcome is HistoryDataException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), done);
            Assert.True(e.Line >= 1 && e.Line <= Math.Max(1, lines.Count), $"line {e.Line} of {lines.Count} ({e.Message}) after: {done}");
            var firstBad = FirstBreaking(lines);
            // A line refused for itself is the first that breaks the contract; one refused
            // for its pairing comes before any that does.
            Assert.True(IsPairing(e) ? firstBad is null || firstBad > e.Line : firstBad == e.Line, $"refused line {e.Line} ({e.Message}), but the first bad line is {firstBad}, after: {done}");

            return;
        }

        var h = Assert.IsType<HistoryT>(outcome);
        var good = h.Torn is null ? lines.Count : lines.Count - 1;
        if (h.Torn is { } torn)
        {
            var content = bytes.AsSpan().TrimEnd(" \t\r\n"u8).Length;
            Assert.True(bytes.AsSpan(content).IndexOf((byte)'\n') < 0, $"torn line {torn.Line} has a line end, after: {done}");
            Assert.Equal(lines.Count, torn.Line);
        }

        Assert.True(AllKeepTheContract(lines, good), $"read although a line breaks the contract, after: {done}");
        Assert.Equal(good, h.EventCount);
    }

    private static bool AllKeepTheContract(List<byte[]> lines, int count) => FirstBreaking(lines) is not { } bad || bad > count;

    /// <summary>The number of the first line that breaks the contract on its own, or null.</summary>
    private static long? FirstBreaking(List<byte[]> lines)
    {
        long lastTime = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (LineOracle.Problem(lines[i], i, ref lastTime) is not null) return i + 1;
        }

        return null;
    }

    /// <summary>An error of the pairing of invokes and completions, not of a line on its own.</summary>
    private static bool IsPairing(HistoryDataException e) =>
        e.Message.Contains("is still open", StringComparison.Ordinal) || e.Message.Contains("open invoke", StringComparison.Ordinal);

    /// <summary>The lines of the file split at LF; blank lines at the end left out.</summary>
    private static List<byte[]> Lines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
            lines.Add(bytes[start..i]);
            start = i + 1;
        }

        while (lines.Count > 0 && lines[^1].AsSpan().TrimEnd(" \t\r"u8).IsEmpty) lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
