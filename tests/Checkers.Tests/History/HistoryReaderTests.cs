using System.Text;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Checkers.Tests.History;

public class HistoryReaderTests
{
    private const string Line0 = """{"index":0,"time":5,"process":"c1","type":"invoke","f":"acquire","key":"leader","value":null}""";
    private const string Line1 = """{"index":1,"time":9,"process":"c1","type":"ok","f":"acquire","key":"leader","value":{"token":7}}""";
    private const string Line2 = """{"index":2,"time":12,"process":"c2","type":"invoke","f":"claim"}""";

    private static List<HistoryEvent> Read(string text, out TornLine? torn)
    {
        var reader = new HistoryReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var events = reader.ReadEvents().ToList();
        torn = reader.TornLastLine;
        return events;
    }

    private static HistoryDataException Malformed(string text) =>
        Assert.Throws<HistoryDataException>(() => Read(text, out _));

    [Fact]
    public void Reads_every_field_of_a_line()
    {
        var events = Read(string.Join('\n', Line0, Line1, Line2) + "\n", out var torn);
        Assert.Null(torn);
        Assert.Equal(3, events.Count);
        var ok = events[1];
        Assert.Equal((1L, 9L, "c1", EventType.Ok, "acquire", "leader"), (ok.Index, ok.Time, ok.Process, ok.Type, ok.F, ok.Key));
        Assert.Equal(7, ok.Value.Token);
        Assert.True(events[0].Value.IsNull);
        Assert.Equal(string.Empty, events[2].Key);
        Assert.False(events[2].Value.IsPresent);
    }

    [Fact]
    public void Torn_last_line_is_ignored_and_reported()
    {
        var events = Read(Line0 + "\n" + Line1 + "\n" + """{"index":2,"time":12,"proc""", out var torn);
        Assert.Equal(2, events.Count);
        Assert.NotNull(torn);
        Assert.Equal(3, torn.Line);
    }

    [Fact]
    public void Unparsable_line_before_the_last_is_a_data_error_naming_it()
    {
        var e = Malformed(Line0 + "\n{\"index\":1,\"time\n" + Line2 + "\n");
        Assert.Equal(2, e.Line);
        Assert.StartsWith("line 2:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"index":1,"time":9,"process":"c1","type":"ok","f":"acquire"}""", "index")]
    [InlineData("""{"index":1,"time":2,"process":"c1","type":"ok","f":"acquire"}""", "time")]
    [InlineData("""{"index":1,"time":9,"process":"c1","type":"done","f":"acquire"}""", "type")]
    [InlineData("""{"index":1,"time":9,"type":"ok","f":"acquire"}""", "process")]
    [InlineData("""{"index":1,"time":9,"process":"c1","type":"ok"}""", "\"f\"")]
    [InlineData("""{"index":1,"time":-4,"process":"c1","type":"ok","f":"acquire"}""", "time")]
    [InlineData("""{"index":1,"time":9,"process":7,"type":"ok","f":"acquire"}""", "process")]
    [InlineData("""[1,2,3]""", "JSON object")]
    [InlineData("""{"index":1,"time":9,"process":"c1","type":"ok","f":"acquire"} {"x":1}""", "after")]
    public void Each_malformed_field_is_a_data_error_on_its_line(string middle, string mentions)
    {
        // The bad line is line 2 of 3, and each variant breaks one rule (a wrong index is
        // made by writing index 1 on a line whose index is fine, so that variant uses index 3).
        var line = mentions == "index" ? middle.Replace("\"index\":1", "\"index\":3", StringComparison.Ordinal) : middle;
        var e = Malformed(Line0 + "\n" + line + "\n" + Line2.Replace("\"time\":12", "\"time\":99", StringComparison.Ordinal) + "\n");
        Assert.Equal(2, e.Line);
        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_line_in_the_middle_is_a_data_error()
    {
        var e = Malformed(Line0 + "\n\n" + Line1 + "\n");
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Trailing_blank_lines_and_crlf_endings_are_accepted()
    {
        var events = Read(Line0 + "\r\n" + Line1 + "\r\n\r\n\n", out var torn);
        Assert.Equal(2, events.Count);
        Assert.Null(torn);
    }

    [Fact]
    public void Unknown_fields_are_skipped_and_other_values_kept_as_compact_json()
    {
        var line = """{"index":0,"time":1,"extra":{"a":[1,2]},"process":"c1","type":"invoke","f":"write","value":{ "x" : [1, "a b"] }}""";
        var ev = Assert.Single(Read(line, out _));
        Assert.Equal("""{"x":[1,"a b"]}""", ev.Value.Json);
    }

    [Fact]
    public void Escaped_strings_are_unescaped()
    {
        var line = """{"index":0,"time":1,"process":"c\u0031","type":"event","f":"note","error":"a \"quoted\" word"}""";
        var ev = Assert.Single(Read(line, out _));
        Assert.Equal("c1", ev.Process);
        Assert.Equal("a \"quoted\" word", ev.Error);
    }

    [Fact]
    public void Errors_are_found_in_any_block_of_a_large_file()
    {
        // Over 2 MiB, so that the reader parses several blocks concurrently.
        var sb = new StringBuilder();
        const int lines = 40_000;
        for (var i = 0; i < lines; i++)
        {
            var time = i == 30_000 ? 1 : i * 10;
            sb.Append($$"""{"index":{{i}},"time":{{time}},"process":"c{{i % 7}}","type":"event","f":"note","error":"padding padding padding"}""").Append('\n');
        }

        var e = Malformed(sb.ToString());
        Assert.Equal(30_001, e.Line);
        Assert.Contains("time", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_file_is_read_whole_and_in_order()
    {
        var sb = new StringBuilder();
        const int lines = 50_000;
        for (var i = 0; i < lines; i++)
        {
            sb.Append($$"""{"index":{{i}},"time":{{i * 3}},"process":"c1","type":"event","f":"note","value":{{i}}}""").Append('\n');
        }

        var events = Read(sb.ToString(), out _);
        Assert.Equal(lines, events.Count);
        Assert.Equal(Enumerable.Range(0, lines).Select(i => (long)i), events.Select(e => e.Index));
        Assert.Equal("49999", events[^1].Value.Json);
    }
}
