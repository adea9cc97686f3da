using ElectionJepsen.Workloads.Contract;

namespace ElectionJepsen.Workloads.Tests.Contract;

/// <summary>What our candidate sends the ledger is what docs/candidate.md says a candidate sends.</summary>
public class LedgerCallTests
{
    public static TheoryData<LedgerCall, string, string> Calls => new()
    {
        { LedgerCall.Write(7, 12), "/write", """{"token":7,"seq":12}""" },
        { LedgerCall.Job(1764432000, 7), "/job", """{"slot":1764432000,"token":7}""" },
        { LedgerCall.Op("acquire", LedgerCall.Invoke, null, null), "/op", """{"f":"acquire","type":"invoke"}""" },
        { LedgerCall.Op("acquire", "ok", 7, null), "/op", """{"f":"acquire","type":"ok","value":{"token":7}}""" },
        { LedgerCall.Op("acquire", "fail", null, "held"), "/op", """{"f":"acquire","type":"fail","error":"held"}""" },
        { LedgerCall.Op("release", LedgerCall.Invoke, 7, null), "/op", """{"f":"release","type":"invoke","value":{"token":7}}""" },
        { LedgerCall.Event("session expired"), "/event", """{"text":"session expired"}""" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public void Each_call_has_the_path_and_body_of_the_contract(LedgerCall call, string path, string body)
    {
        Assert.Equal(path, call.Path);
        Assert.Equal(body, call.Body);
    }

    [Theory]
    [InlineData("""{"ok": false, "error": "stale-token"}""", "stale-token")]
    [InlineData("""{"ok": false, "error": "operation-open"}""", "operation-open")]
    [InlineData("""{"ok": false}""", null)]
    [InlineData("not json", null)]
    public void A_refusal_s_reason_is_read_from_its_answer(string answer, string? error)
    {
        Assert.Equal(error, LedgerCall.ErrorOf(answer));
    }

    [Fact]
    public void The_status_says_the_token_only_of_a_leader()
    {
        Assert.Equal("""{"leader": true, "token": 7}""", StatusEndpoint.Body((true, 7)));
        Assert.Equal("""{"leader": false}""", StatusEndpoint.Body((false, 7)));
    }
}
