using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElectionJepsen.Harness.Backends;

namespace ElectionJepsen.Harness.Run;

/// <summary>test.json: the options, the seed, the versions, and the command that reruns the test.</summary>
public static class TestJson
{
    public static async Task WriteAsync(string path, string runId, RunOptions o, IBackend backend, string[] commandLine)
    {
        var inv = CultureInfo.InvariantCulture;
        var rerun = string.Create(inv,
            $"dotnet run --project harness -- --backend {o.Backend} --nemesis {string.Join(',', o.Nemeses.DefaultIfEmpty("none"))} --nodes {o.Nodes} " +
            $"--time-limit {o.TimeLimit.TotalSeconds}s --nemesis-interval {o.NemesisInterval.TotalSeconds}s --seed {o.Seed} --ttl {o.Ttl.TotalSeconds}s " +
            $"--fencing {(o.Fencing ? "on" : "off")}");
        var json = new JsonObject
        {
            ["run_id"] = runId,
            ["backend"] = o.Backend,
            ["nemesis"] = new JsonArray([.. o.Nemeses.Select(n => (JsonNode)n)]),
            ["nodes"] = o.Nodes,
            ["time_limit_s"] = o.TimeLimit.TotalSeconds,
            ["nemesis_interval_s"] = o.NemesisInterval.TotalSeconds,
            ["seed"] = o.Seed,
            ["ttl_ms"] = o.Ttl.TotalMilliseconds,
            ["fencing"] = o.Fencing,
            ["claim_interval_ms"] = o.ClaimInterval.TotalMilliseconds,
            ["write_interval_ms"] = o.WriteInterval.TotalMilliseconds,
            ["job_interval_ms"] = o.JobInterval.TotalMilliseconds,
            ["claim_timeout_ms"] = o.ClaimTimeout.TotalMilliseconds,
            ["started"] = DateTime.UtcNow.ToString("O", inv),
            ["versions"] = new JsonObject
            {
                ["servers"] = await backend.VersionAsync(),
                ["dotnet"] = Environment.Version.ToString(),
                ["kernel"] = Environment.OSVersion.VersionString,
            },
            ["command"] = string.Join(' ', commandLine.Skip(1)),
            ["rerun"] = rerun,
        };
        await File.WriteAllTextAsync(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
