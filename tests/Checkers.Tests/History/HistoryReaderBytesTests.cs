using System.Diagnostics;
using System.Text;
using ElectionJepsen.Checkers.History;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.History;

/// <summary>The bytes of a history: UTF-8, line ends, line length and nesting.</summary>
public class HistoryReaderBytesTests
{
    private static string Line(int index, string process, string type = "invoke", string rest = "") =>
        $$"""{"index":{{index}},"time":{{index * 10}},"process":"{{process}}","type":"{{type}}","f":"claim"{{rest}}}""";

    private static HistoryDataException Refused(byte[] bytes) =>
        Assert.Throws<HistoryDataException>(() => HistoryT.Read(new MemoryStream(bytes)));

    private static byte[] WithByte(string text, string marker, byte bad)
    {
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        var at = Encoding.UTF8.GetByteCount(text[..text.IndexOf(marker, StringComparison.Ordinal)]);
        bytes[at] = bad;
        return [.. bytes];
    }

    [Theory]
    [InlineData(0xff)]
    [InlineData(0xc3)]
    [InlineData(0x80)]
    public void Invalid_utf8_is_a_data_error_naming_its_line(byte bad)
    {
        var text = Line(0, "c1") + "\n" + Line(1, "c2") + "\n" + Line(2, "cX") + "\n" + Line(3, "c4") + "\n";
        var e = Refused(WithByte(text, "X", bad));
        Assert.Equal(3, e.Line);
        Assert.Contains("invalid UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_process_names_with_different_bad_bytes_are_never_merged()
    {
        var text = Line(0, "cX") + "\n" + Line(1, "cY") + "\n";
        var bytes = WithByte(text, "X", 0xfe);
        bytes[Encoding.UTF8.GetByteCount(text[..text.IndexOf('Y', StringComparison.Ordinal)])] = 0xff;
        Assert.Equal(1, Refused(bytes).Line);
    }

    [Fact]
    public void Invalid_utf8_deep_in_a_large_file_names_the_right_line()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 40_000; i++) sb.Append(Line(i, i == 31_234 ? "cX" : "c1", "event")).Append('\n');
        Assert.Equal(31_235, Refused(WithByte(sb.ToString(), "X", 0xff)).Line);
    }

    [Fact]
    public void An_earlier_json_error_is_named_before_a_later_bad_byte_in_the_same_block()
    {
        var text = Line(0, "c1") + "\n{\"index\":1,\n" + Line(2, "cX") + "\n";
        Assert.Equal(2, Refused(WithByte(text, "X", 0xff)).Line);
    }

    [Fact]
    public void A_bare_cr_inside_a_line_is_white_space_and_keeps_line_numbers()
    {
        var text = Line(0, "c1", rest: ",\r\"note\":\r\"x\"") + "\r\n" + Line(1, "c1", "ok") + "\n" + "{\"index\":9}\n";
        var e = Refused(Encoding.UTF8.GetBytes(text));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_line_longer_than_16_mib_is_refused_naming_it()
    {
        var head = Encoding.UTF8.GetBytes(Line(0, "c1") + "\n" + Line(1, "c2") + "\n");
        var bytes = head.Concat(Encoding.UTF8.GetBytes("{\"index\":2,\"pad\":\"")).Concat(Enumerable.Repeat((byte)'a', (16 << 20) + 10)).ToArray();
        var e = Refused(bytes);
        Assert.Equal(3, e.Line);
        Assert.Contains("16 MiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_just_under_16_mib_is_read()
    {
        var pad = new string('a', (16 << 20) - 200);
        var h = HistoryT.Read(new MemoryStream(Encoding.UTF8.GetBytes(Line(0, "c1", "event", $",\"pad\":\"{pad}\"") + "\n")));
        Assert.Equal(1, h.EventCount);
    }

    [Fact]
    public void An_endless_line_is_refused_after_16_mib_without_reading_on()
    {
        using var endless = new EndlessStream();
        var e = Assert.Throws<HistoryDataException>(() => HistoryT.Read(endless));
        Assert.Equal(1, e.Line);
        Assert.InRange(endless.Served, 16L << 20, 40L << 20);
    }

    [Fact]
    public void Dev_zero_is_refused_as_a_line_too_long()
    {
        var e = Assert.Throws<HistoryDataException>(() => HistoryT.Load("/dev/zero"));
        Assert.Equal(1, e.Line);
        Assert.Contains("16 MiB", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(62, false)]
    [InlineData(63, false)]
    [InlineData(64, true)]
    [InlineData(5000, true)]
    public void Nesting_deeper_than_64_levels_is_a_data_error(int valueDepth, bool refused)
    {
        // The line's own object is one level: a value nested n deep makes n + 1.
        var value = new string('[', valueDepth) + new string(']', valueDepth);
        var bytes = Encoding.UTF8.GetBytes(Line(0, "c1", "event", $",\"value\":{value}") + "\n");
        if (!refused)
        {
            Assert.Equal(1, HistoryT.Read(new MemoryStream(bytes)).EventCount);
            return;
        }

        var e = Refused(bytes);
        Assert.Equal(1, e.Line);
        Assert.Contains("nested deeper than 64", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Zeros without end, counting what was served.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Debug.Assert(count > 0);
            Array.Fill(buffer, (byte)'x', offset, count);
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
