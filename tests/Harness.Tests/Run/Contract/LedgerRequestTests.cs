using System.Text;
using ElectionJepsen.Harness.Run.Contract;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>The ledger's calls (docs/candidate.md): each path's body read into its request, or refused with a one-line reason.</summary>
public sealed class LedgerRequestTests
{
    private static LedgerRequest? Parse(string path, string body, out string? why) => LedgerRequest.Parse(path, Encoding.UTF8.GetBytes(body), out why);

    [Fact]
    public void The_contracts_calls_are_read()
    {
        Assert.Equal(new WriteRequest(7, 12), Parse("/write", "{\"token\": 7, \"seq\": 12}", out _));
        Assert.Equal(new WriteRequest(null, 12), Parse("/write", "{\"seq\": 12}", out _));
        Assert.Equal(new JobRequest(1764432000, 7), Parse("/job", "{\"slot\": 1764432000, \"token\": 7}", out _));
        Assert.Equal(new JobRequest(5, null), Parse("/job", "{\"slot\": 5, \"token\": null}", out _));
        Assert.Equal(new OpRequest("acquire", "invoke", null, null), Parse("/op", "{\"f\": \"acquire\", \"type\": \"invoke\"}", out _));
        Assert.Equal(new OpRequest("acquire", "ok", 7, null), Parse("/op", "{\"f\": \"acquire\", \"type\": \"ok\", \"value\": {\"token\": 7}}", out _));
        Assert.Equal(new OpRequest("acquire", "ok", null, null), Parse("/op", "{\"f\": \"acquire\", \"type\": \"ok\", \"value\": {}}", out _));
        Assert.Equal(new OpRequest("release", "fail", null, "not held"), Parse("/op", "{\"f\": \"release\", \"type\": \"fail\", \"error\": \"not held\"}", out _));
        Assert.Equal(new EventRequest("session expired"), Parse("/event", "{\"text\": \"session expired\"}", out _));
    }

    [Theory]
    [InlineData("/write", "not json", "not JSON")]
    [InlineData("/write", "[1]", "a JSON object")]
    [InlineData("/write", "{\"token\": 7}", "\"seq\" is required")]
    [InlineData("/write", "{\"token\": \"7\", \"seq\": 1}", "\"token\" must be a non-negative integer")]
    [InlineData("/write", "{\"token\": -3, \"seq\": 1}", "\"token\" must be a non-negative integer")]
    [InlineData("/write", "{\"seq\": 1.5}", "\"seq\" must be an integer")]
    [InlineData("/write", "{\"seq\": 1, \"seq\": 2}", "given twice")]
    [InlineData("/job", "{\"token\": 7}", "\"slot\" is required")]
    [InlineData("/op", "{\"type\": \"invoke\"}", "\"f\" is required")]
    [InlineData("/op", "{\"f\": \"campaign\", \"type\": \"invoke\"}", "\"f\" must be \"acquire\" or \"release\"")]
    [InlineData("/op", "{\"f\": \"acquire\", \"type\": \"done\"}", "\"type\" must be")]
    [InlineData("/op", "{\"f\": \"acquire\", \"type\": \"ok\", \"value\": 7}", "\"value\" must be an object")]
    [InlineData("/op", "{\"f\": \"acquire\", \"type\": \"ok\", \"value\": {\"token\": 1, \"token\": 2}}", "given twice")]
    [InlineData("/event", "{}", "\"text\" is required")]
    [InlineData("/event", "{\"text\": 5}", "\"text\" must be a string")]
    [InlineData("/elsewhere", "{}", "no such path")]
    public void Bad_bodies_are_refused_with_a_reason(string path, string body, string reason)
    {
        Assert.Null(Parse(path, body, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', why!);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_never_an_exception()
    {
        byte[] badName = [.. "{\""u8, 0xff, 0xfe, .. "\": 1, \"seq\": 2}"u8];
        Assert.Null(LedgerRequest.Parse("/write", badName, out var why));
        Assert.Contains("not JSON", why, StringComparison.Ordinal);
        byte[] badText = [.. "{\"text\": \""u8, 0xc3, 0x28, .. "\"}"u8];
        Assert.Null(LedgerRequest.Parse("/event", badText, out why));
        Assert.Contains("not JSON", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_texts_are_cut()
    {
        var request = Assert.IsType<EventRequest>(Parse("/event", $"{{\"text\": \"{new string('x', 5000)}\"}}", out _));
        Assert.True(request.Text.Length <= LedgerRequest.MaxText + 1);
    }
}
