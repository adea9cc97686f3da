using System.Text;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Checkers.Tests.History;

/// <summary>Closing the writer while others append.</summary>
public sealed partial class HistoryWriterTests
{
    [Fact]
    public async Task An_append_racing_the_close_either_throws_or_reaches_the_file()
    {
        for (var round = 0; round < 50; round++)
        {
            var file = new MemoryStream();
            var writer = new HistoryWriter(file, flushInterval: TimeSpan.Zero);
            var appended = 0;
            using var go = new ManualResetEventSlim();
            var appenders = Enumerable.Range(0, 3).Select(p => Task.Run(() =>
            {
                go.Wait();
                try
                {
                    while (true)
                    {
                        writer.Append($"c{p}", EventType.Invoke, "claim", "leader", OpValue.Absent);
                        Interlocked.Increment(ref appended);
                    }
                }
                catch (ObjectDisposedException)
                {
                }
            })).ToArray();
            go.Set();
            await Task.Delay(1);
            writer.Dispose();
            await Task.WhenAll(appenders);

            var lines = Encoding.UTF8.GetString(file.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.Equal(appended, lines);
        }
    }
}
