using System.Text;
using ElectionJepsen.Checkers.History;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.History;

/// <summary>Fields the checker does not read are held to the contract all the same; and the start of a file.</summary>
public class HistoryReaderSkippedFieldTests
{
    private const string Start = """{"index":0,"time":5,"process":"c1","type":"invoke","f":"acquire","key":"leader","value":null""";

    private static HistoryT Read(string text) => HistoryT.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private static HistoryDataException Refused(string text) => Assert.Throws<HistoryDataException>(() => Read(text));

    [Theory]
    [InlineData(""","meta":{"a":1,"b":2,"a":3}""", "appears twice")]
    [InlineData(""","meta":[{"x":{"a":1,"\u0061":2}}]""", "appears twice")]
    [InlineData(""","meta":"\ud800" """, "surrogate")]
    [InlineData(""","meta":{"\udc00":1}""", "surrogate")]
    [InlineData(""","meta":[1,["\ud83d"]]""", "surrogate")]
    public void A_skipped_field_with_a_name_twice_or_half_a_character_inside_is_a_data_error(string extra, string mentions)
    {
        var e = Refused(Start + extra + "}\n");
        Assert.Equal(1, e.Line);
        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_skipped_field_that_keeps_the_contract_is_read()
    {
        var h = Read(Start + ""","meta":{"a":[{"a":1},{"a":2}],"b":"\ud83d\ude00","c":{"a":{"a":null}}},"more":1}""" + "\n");
        Assert.Equal(1, h.EventCount);
    }

    [Fact]
    public void A_line_of_200_000_members_the_checker_does_not_read_is_decided_and_one_given_twice_is_refused()
    {
        var members = new StringBuilder(Start);
        for (var i = 0; i < 200_000; i++) members.Append(",\"m").Append(i).Append("\":0");

        Assert.Equal(1, Read(members + "}\n").EventCount);
        var e = Refused(members + ",\"m123456\":1}\n");
        Assert.Contains("\"m123456\" appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_at_the_start_is_named_as_such_on_line_1()
    {
        var e = Refused("\uFEFF" + Start + "}\n");
        Assert.Equal(1, e.Line);
        Assert.Contains("a UTF-8 byte-order mark: the file must start with the first line's {", e.Message, StringComparison.Ordinal);
    }
}
