using System.Text;
using CsCheck;
using ElectionJepsen.Checkers.History;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.History;

/// <summary>Values are compared as JSON values, however they are spelled.</summary>
public class OpValueTests
{
    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("1", "1e0")]
    [InlineData("1", "10e-1")]
    [InlineData("1", "0.1E+1")]
    [InlineData("0", "-0")]
    [InlineData("0", "0.000e99")]
    [InlineData("1.5", "15e-1")]
    [InlineData("1e300", "10e299")]
    [InlineData("123456789012345678901234567890", "1.23456789012345678901234567890e29")]
    [InlineData("1e99999999999999999999999", "10e99999999999999999999998")]
    [InlineData("\"A\"", "\"\\u0041\"")]
    [InlineData("\"a/b\"", "\"a\\/b\"")]
    [InlineData("\"\\n\"", "\"\\u000a\"")]
    [InlineData("""{"a":1,"b":2}""", """{"b":2,"a":1}""")]
    [InlineData("""{"a":{"x":[1,{"p":1,"q":2}]}}""", """{ "a" : { "x" : [ 1.0 , { "q" : 2 , "p" : 1 } ] } }""")]
    [InlineData("""{"\u0061":1}""", """{"a":1}""")]
    [InlineData("""{"token":1,"seq":2}""", """{"seq":2.0,"\u0074oken":1}""")]
    [InlineData("""{"token":1,"x":2}""", """{"x":2,"token":1e0}""")]
    [InlineData("[true,null]", "[ true , null ]")]
    public void Equal_json_values_are_equal_whatever_their_spelling(string a, string b)
    {
        var (x, y) = (OpValue.FromJson(a), OpValue.FromJson(b));
        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.Equal(x.ToJson(), y.ToJson());
    }

    [Theory]
    [InlineData("1", "1.5")]
    [InlineData("1", "\"1\"")]
    [InlineData("1e300", "1e301")]
    [InlineData("100000000000000000001", "100000000000000000000")]
    [InlineData("\"A\"", "\"a\"")]
    [InlineData("""{"a":1}""", """{"a":1,"b":1}""")]
    [InlineData("[1,2]", "[2,1]")]
    [InlineData("null", "false")]
    public void Different_json_values_differ(string a, string b) =>
        Assert.NotEqual(OpValue.FromJson(a), OpValue.FromJson(b));

    [Theory]
    [InlineData("1.0", 1L)]
    [InlineData("7e0", 7L)]
    [InlineData("70e-1", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void An_integral_token_is_an_integer_however_written(string token, long expected) =>
        Assert.Equal(expected, OpValue.FromJson($$"""{"token":{{token}}}""").Token);

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e300")]
    [InlineData("9223372036854775808")]
    [InlineData("\"1\"")]
    public void A_token_that_is_no_integer_is_no_token(string token)
    {
        var value = OpValue.FromJson($$"""{"token":{{token}}}""");
        Assert.Null(value.Token);
        Assert.NotNull(value.Json);
    }

    [Theory]
    [InlineData("0.000125", "0.000125")]
    [InlineData("1.25e-7", "1.25e-7")]
    [InlineData("-2.50", "-2.5")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e21", "1e21")]
    [InlineData("1000000000000000000000", "1e21")]
    [InlineData("\"\\u00e9\\t\"", "\"é\\t\"")]
    [InlineData("""{"b":[],"a":{}}""", """{"a":{},"b":[]}""")]
    public void Canonical_text_is_exact_and_short(string json, string canonical) =>
        Assert.Equal(canonical, OpValue.FromJson(json).ToJson());

    [Fact]
    public void A_number_with_an_exponent_past_1000_digits_is_refused_not_computed_with()
    {
        var e = Assert.Throws<HistoryDataException>(() => OpValue.FromJson("[1e" + new string('9', 1001) + "]"));
        Assert.Contains("exponent", e.Message, StringComparison.Ordinal);
        Assert.Equal(OpValue.FromJson("1e" + new string('9', 1000)), OpValue.FromJson("10e" + new string('9', 999) + "8"));
    }

    [Fact]
    public void Lease_fields_are_found_under_escaped_names_in_a_line()
    {
        var line = """{"index":0,"time":1,"process":"c1","type":"\u006fk","f":"claim","value":{"\u006ceader":true,"\u0074oken":3.0}}""";
        var ev = HistoryT.FromEvents(new HistoryReader(new MemoryStream(Encoding.UTF8.GetBytes("""{"index":0,"time":0,"process":"c1","type":"invoke","f":"claim"}""" + "\n" + line.Replace("\"index\":0", "\"index\":1", StringComparison.Ordinal)))).ReadEvents());
        var op = Assert.Single(ev.Operations);
        Assert.Equal(Outcome.Ok, op.Outcome);
        Assert.Equal(OpValue.Claim(true, 3), op.Output);
    }

    [Fact]
    public void Lease_values_without_a_token_are_written_without_one_and_read_back_equal()
    {
        Assert.Equal("""{"leader":true}""", OpValue.Claim(true, null).ToJson());
        Assert.Equal("""{"leader":true,"token":7}""", OpValue.Claim(true, 7).ToJson());
        Assert.Equal("""{"leader":false}""", OpValue.Claim(false, 7).ToJson());
        Assert.Equal("""{"seq":12}""", OpValue.Write(null, 12).ToJson());
        Assert.Equal("""{"token":7,"seq":12}""", OpValue.Write(7, 12).ToJson());
        Assert.Equal("""{"slot":1764432000}""", OpValue.Job(1764432000, null).ToJson());
        Assert.Equal("""{"slot":5,"token":7}""", OpValue.Job(5, 7).ToJson());
        Assert.Equal("null", OpValue.Grant(null).ToJson());
        Assert.Equal(OpValue.FromToken(7), OpValue.Grant(7));
        foreach (var v in new[] { OpValue.Claim(true, null), OpValue.Write(null, 12), OpValue.Job(5, null) })
        {
            Assert.Equal(v, OpValue.FromJson(v.ToJson()!));
            Assert.Null(v.Token);
        }
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":1,"\u0061":1}""")]
    [InlineData("""{"token":1,"token":2}""")]
    [InlineData("""{"token":"x","\u0074oken":2}""")]
    [InlineData("""[{"x":{"y":1,"y":1}}]""")]
    public void A_member_name_twice_in_one_object_is_refused(string json) =>
        Assert.Contains("twice", Assert.Throws<HistoryDataException>(() => OpValue.FromJson(json)).Message, StringComparison.Ordinal);

    [Fact]
    public void Canonical_text_is_the_same_for_any_member_order_and_number_spelling()
    {
        var members = Gen.Dictionary(Gen.String[Gen.Char['a', 'e'], 1, 3], Gen.Int[-1000, 1000])[0, 6];
        members.Sample(d =>
        {
            var plain = "{" + string.Join(',', d.Select(kv => $"\"{kv.Key}\":{kv.Value}")) + "}";
            var respelled = "{" + string.Join(',', d.Reverse().Select(kv => $"\"\\u{(int)kv.Key[0]:x4}{kv.Key[1..]}\" : {kv.Value}.000e0")) + "}";
            Assert.Equal(OpValue.FromJson(plain), OpValue.FromJson(respelled));
        });
    }
}
