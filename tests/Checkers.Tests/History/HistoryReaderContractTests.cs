using System.Text;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.History;

/// <summary>What the contract refuses, and what it allows, at the edges of a history file.</summary>
public class HistoryReaderContractTests
{
    private const string Invoke = """{"index":0,"time":5,"process":"c1","type":"invoke","f":"acquire","key":"leader","value":null}""";
    private const string Ok = """{"index":1,"time":9,"process":"c1","type":"ok","f":"acquire","key":"leader","value":{"token":7}}""";

    private static HistoryT Read(byte[] bytes) => HistoryT.Read(new MemoryStream(bytes));

    private static HistoryT Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    private static HistoryDataException Refused(string text) => Refused(Encoding.UTF8.GetBytes(text));

    private static HistoryDataException Refused(byte[] bytes) => Assert.Throws<HistoryDataException>(() => Read(bytes));

    [Theory]
    [InlineData("""{"index":2,"time":12,"process":"c2","type":"fail","f":"claim","error":7}""", "error")]
    [InlineData("""{"index":2,"time":12,"process":"c2","type":"invoke","f":"claim","key":null}""", "key")]
    [InlineData("""{"index":2,"time":12.5,"process":"c2","type":"invoke","f":"claim"}""", "time")]
    [InlineData("""{"index":2,"time":12,"process":"c2","type":"invoke"}""", "\"f\"")]
    [InlineData("""{"index":2,"time":12,"process":"c2","type":"invoke","f":"claim","f":"write"}""", "twice")]
    public void A_terminated_last_line_that_breaks_the_contract_is_a_data_error_not_torn(string last, string mentions)
    {
        var e = Refused(Invoke + "\n" + Ok + "\n" + last + "\n");
        Assert.Equal(3, e.Line);
        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not a history\n")]
    [InlineData("this is not a history")]
    [InlineData("[1,2,3]\n")]
    [InlineData("[1,2,3]")]
    [InlineData("{}\n")]
    [InlineData("{}")]
    [InlineData("\"just a string\"")]
    public void A_file_that_is_not_a_history_is_a_data_error_on_line_1(string text)
    {
        Assert.Equal(1, Refused(text).Line);
    }

    [Fact]
    public void Ten_megabytes_of_garbage_is_a_data_error()
    {
        var bytes = new byte[10 << 20];
        new Random(14).NextBytes(bytes);
        Assert.InRange(Refused(bytes).Line, 1, 1 + bytes.Count(b => b == (byte)'\n'));
    }

    [Theory]
    [InlineData("""{"index":2,"time":12,"proc""")]
    [InlineData("""{"index":2,"time":1""")]
    [InlineData("""{""")]
    [InlineData("""{"index":2,"time":12,"process":"c2","type":"invoke","f":"claim" """)]
    public void An_unterminated_last_line_cut_short_is_torn_and_ignored(string last)
    {
        var h = Read(Invoke + "\n" + Ok + "\n" + last);
        Assert.Equal(3, h.Torn?.Line);
        Assert.Single(h.Operations);
    }

    [Fact]
    public void A_last_line_cut_inside_a_multibyte_character_is_torn()
    {
        var bytes = Encoding.UTF8.GetBytes(Invoke + "\n" + """{"index":1,"time":9,"process":"é""");
        var h = Read(bytes[..^1]);
        Assert.Equal(2, h.Torn?.Line);
    }

    [Fact]
    public void An_unterminated_complete_last_line_is_read()
    {
        var h = Read(Invoke + "\n" + Ok);
        Assert.Null(h.Torn);
        Assert.Equal(Outcome.Ok, Assert.Single(h.Operations).Outcome);
    }

    [Fact]
    public void An_unterminated_last_line_that_is_complete_but_wrong_is_a_data_error()
    {
        var e = Refused(Invoke + "\n" + Ok.Replace("\"value\":{\"token\":7}", "\"error\":3", StringComparison.Ordinal));
        Assert.Equal(2, e.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\n\n")]
    [InlineData(" \r\n\t\n")]
    public void A_file_with_no_line_is_an_empty_history(string text)
    {
        var h = Read(text);
        Assert.Empty(h.Operations);
        Assert.Null(h.Torn);
    }

    [Fact]
    public void Dev_null_reads_as_an_empty_history()
    {
        var h = HistoryT.Load("/dev/null");
        Assert.Empty(h.Operations);
        Assert.Equal(0, h.EventCount);
    }

    [Fact]
    public void An_empty_file_loads_as_an_empty_history()
    {
        using var dir = new TempDir();
        Assert.Empty(HistoryT.Load(dir.File("empty.jsonl", string.Empty)).Operations);
    }

    [Fact]
    public void Many_trailing_blank_lines_and_white_space_are_accepted()
    {
        var h = Read(Invoke + "\n" + Ok + "\n" + string.Concat(Enumerable.Repeat(" \r\n\n\t", 600_000)));
        Assert.Single(h.Operations);
    }

    [Fact]
    public void A_blank_line_before_more_content_is_a_data_error_even_across_blocks()
    {
        var e = Refused(Invoke + "\n" + new string('\n', 3 << 20) + Ok + "\n");
        Assert.Equal(2, e.Line);
        Assert.Contains("empty line", e.Message, StringComparison.Ordinal);
    }
}
