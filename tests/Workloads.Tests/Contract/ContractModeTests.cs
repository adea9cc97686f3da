using System.Text.Json;
using ElectionJepsen.Workloads.Candidate;

namespace ElectionJepsen.Workloads.Tests.Contract;

/// <summary>
/// Our candidate started without a control socket, as its own process, against a redis-server
/// of the test's own: it keeps the contract of docs/candidate.md as any candidate must.
/// </summary>
public sealed class ContractModeTests : IDisposable
{
    private static readonly TimeSpan FewSeconds = TimeSpan.FromSeconds(15);
    private readonly RedisServer? _redis = RedisServer.Installed ? new RedisServer() : null;

    private int RedisPort => _redis!.Port;

    public void Dispose() => _redis?.Dispose();

    [SkippableFact]
    public async Task Alone_it_leads_with_a_token_and_reports_its_campaign_and_writes_to_the_ledger()
    {
        Skip.If(_redis is null, $"{RedisServer.Program} is not installed");
        using var ledger = new LedgerRecorder(CandidateProcess.SparePort());
        var status = CandidateProcess.SparePort();
        using var candidate = new CandidateProcess(CandidateProcess.Environment("c1", RedisPort, status, ledger.Url));

        var answer = await CandidateProcess.StatusAsync(status, s => s.Leader, FewSeconds);
        await Task.Delay(500);

        Assert.True(answer is (true, > 0), $"status {answer}; stderr: {string.Join(" | ", candidate.Errors)}");
        var token = answer.Value.Token!.Value;
        var calls = ledger.Calls;
        var invoke = IndexOf(calls, "/op", b => Text(b, "f") == "acquire" && Text(b, "type") == "invoke");
        var ok = IndexOf(calls, "/op", b => Text(b, "f") == "acquire" && Text(b, "type") == "ok" && b.GetProperty("value").GetProperty("token").GetInt64() == token);
        Assert.InRange(invoke, 0, ok - 1);
        Assert.Contains(calls, c => c.Path == "/write" && c.Body.GetProperty("token").GetInt64() == token && c.Body.GetProperty("seq").GetInt64() > 0);
        Assert.Contains(calls, c => c.Path == "/event" && Text(c.Body, "text") == $"became leader with token {token}");
    }

    [SkippableFact]
    public async Task A_second_candidate_on_the_same_redis_says_it_does_not_lead()
    {
        Skip.If(_redis is null, $"{RedisServer.Program} is not installed");
        var first = CandidateProcess.SparePort();
        using var leader = new CandidateProcess(CandidateProcess.Environment("c1", RedisPort, first, null));
        Assert.True(await CandidateProcess.StatusAsync(first, s => s.Leader, FewSeconds) is (true, _));
        var second = CandidateProcess.SparePort();
        using var follower = new CandidateProcess(CandidateProcess.Environment("c2", RedisPort, second, null));

        var answer = await CandidateProcess.StatusAsync(second, _ => true, FewSeconds);
        await Task.Delay(1000);
        var later = await CandidateProcess.StatusAsync(second, _ => true, FewSeconds);

        Assert.Equal((false, null), answer);
        Assert.Equal((false, null), later);
    }

    [SkippableFact]
    public async Task Without_a_ledger_its_acts_are_lines_on_standard_output()
    {
        Skip.If(_redis is null, $"{RedisServer.Program} is not installed");
        var status = CandidateProcess.SparePort();
        using var candidate = new CandidateProcess(CandidateProcess.Environment("c1", RedisPort, status, null));

        var answer = await CandidateProcess.StatusAsync(status, s => s.Leader, FewSeconds);
        await Task.Delay(500);

        Assert.True(answer is (true, > 0), $"status {answer}");
        var token = answer.Value.Token;
        Assert.Contains(candidate.Output, l => l.Contains(" c1 /op {\"f\":\"acquire\",\"type\":\"invoke\"}", StringComparison.Ordinal));
        Assert.Contains(candidate.Output, l => l.Contains($" c1 /write {{\"token\":{token},\"seq\":", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task On_SIGTERM_the_leader_resigns_to_the_ledger_and_exits_0()
    {
        Skip.If(_redis is null, $"{RedisServer.Program} is not installed");
        using var ledger = new LedgerRecorder(CandidateProcess.SparePort());
        var status = CandidateProcess.SparePort();
        using var candidate = new CandidateProcess(CandidateProcess.Environment("c1", RedisPort, status, ledger.Url));
        var answer = await CandidateProcess.StatusAsync(status, s => s.Leader, FewSeconds);
        Assert.True(answer is (true, > 0), $"status {answer}");

        var exit = await candidate.TerminateAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, exit);
        var calls = ledger.Calls;
        var invoke = IndexOf(calls, "/op", b => Text(b, "f") == "release" && Text(b, "type") == "invoke" && b.GetProperty("value").GetProperty("token").GetInt64() == answer.Value.Token);
        var ok = IndexOf(calls, "/op", b => Text(b, "f") == "release" && Text(b, "type") == "ok");
        Assert.InRange(invoke, 0, ok - 1);
    }

    [SkippableFact]
    public async Task A_value_it_cannot_use_stops_it_with_exit_64_and_one_line()
    {
        Skip.If(_redis is null, $"{RedisServer.Program} is not installed");
        var environment = CandidateProcess.Environment("c1", RedisPort, CandidateProcess.SparePort(), null);
        environment[CandidateEnvironment.TtlMs] = "soon";
        using var candidate = new CandidateProcess(environment);

        var exit = await candidate.ExitCodeAsync(FewSeconds);

        Assert.Equal(64, exit);
        Assert.Equal(["error: EJ_TTL_MS must be a whole number of milliseconds, at least 1, not \"soon\" (see --help)"], candidate.Errors);
    }

    private static int IndexOf(IReadOnlyList<(string Path, JsonElement Body)> calls, string path, Func<JsonElement, bool> match)
    {
        for (var i = 0; i < calls.Count; i++)
        {
            if (calls[i].Path == path && match(calls[i].Body)) return i;
        }

        return -1;
    }

    private static string? Text(JsonElement body, string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
