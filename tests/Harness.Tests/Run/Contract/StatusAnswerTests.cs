using System.Text;
using ElectionJepsen.Harness.Run.Contract;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>The status endpoint's answers (docs/candidate.md): what is read, and what is refused with a reason.</summary>
public sealed class StatusAnswerTests
{
    [Theory]
    [InlineData("{\"leader\": true, \"token\": 7}", true, 7L)]
    [InlineData("{\"token\": 7, \"leader\": true, \"extra\": [1, {\"a\": 2}]}", true, 7L)]
    [InlineData("{\"leader\": true}", true, null)]
    [InlineData("{\"leader\": true, \"token\": null}", true, null)]
    [InlineData("{\"leader\": false}", false, null)]
    [InlineData("{\"leader\": false, \"token\": 3}", false, null)]
    [InlineData("true", true, null)]
    [InlineData(" false \n", false, null)]
    [InlineData("{\"leader\": true, \"token\": 9223372036854775807}", true, long.MaxValue)]
    public void Answers_of_the_contract_are_read(string body, bool leader, long? token)
    {
        var answer = StatusAnswer.Parse(Encoding.UTF8.GetBytes(body), out var why);
        Assert.Null(why);
        Assert.Equal(new StatusAnswer(leader, token), answer);
    }

    [Theory]
    [InlineData("", "an empty body")]
    [InlineData(" \r\n", "an empty body")]
    [InlineData("yes", "not JSON")]
    [InlineData("{\"leader\": \"yes\"}", "\"leader\" must be true or false")]
    [InlineData("{\"leader\": 1}", "\"leader\" must be true or false")]
    [InlineData("{\"token\": 7}", "no \"leader\" member")]
    [InlineData("{\"leader\": true, \"token\": -1}", "non-negative integer")]
    [InlineData("{\"leader\": true, \"token\": 1.5}", "non-negative integer")]
    [InlineData("{\"leader\": true, \"token\": 99999999999999999999}", "non-negative integer")]
    [InlineData("{\"leader\": true, \"token\": \"7\"}", "non-negative integer")]
    [InlineData("{\"leader\": true, \"leader\": false}", "given twice")]
    [InlineData("[true]", "a JSON array")]
    [InlineData("null", "a JSON null")]
    [InlineData("true true", "not JSON")]
    [InlineData("{\"leader\": true", "not JSON")]
    public void Anything_else_is_no_answer_with_its_reason(string body, string reason)
    {
        Assert.Null(StatusAnswer.Parse(Encoding.UTF8.GetBytes(body), out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_and_deep_nesting_are_no_answer_never_an_exception()
    {
        Assert.Null(StatusAnswer.Parse([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d], out var why));
        Assert.NotNull(why);
        var deep = "{\"leader\": true, \"x\": " + new string('[', 100) + new string(']', 100) + "}";
        Assert.Null(StatusAnswer.Parse(Encoding.UTF8.GetBytes(deep), out why));
        Assert.Contains("not JSON", why, StringComparison.Ordinal);
    }
}
