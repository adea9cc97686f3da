using System.Text.Json;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>A candidate's program over its life (docs/candidate.md): killed and started again, exiting by itself, and a clock the nemesis cannot move.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class ContractLifetimeTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Notes(Checkers.History.History history) => string.Join('\n', history.Notes.Select(n => n.Value.ToJson()));

    [SkippableFact]
    public async Task A_killed_candidate_is_started_again_by_the_heal_and_one_that_exits_by_itself_a_second_later()
    {
        var folder = Path.Combine(_dir.Path, "once");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "candidate.json"), "{\"name\": \"exits-once\", \"backends\": [\"redis\"], \"run\": [\"/usr/bin/python3\", \"candidate.py\"]}");
        await File.WriteAllTextAsync(Path.Combine(folder, "candidate.py"), """
            import os, sys, threading
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            class Status(BaseHTTPRequestHandler):
                def log_message(self, *a): pass
                def do_GET(self):
                    self.send_response(200); self.send_header("Content-Length", "17"); self.end_headers(); self.wfile.write(b'{"leader": false}')
            marker = "started-" + os.environ["EJ_NODE"]
            first = not os.path.exists(marker)
            open(marker, "a").close()
            threading.Thread(target=ThreadingHTTPServer(("0.0.0.0", int(os.environ["EJ_STATUS_PORT"])), Status).serve_forever, daemon=True).start()
            print("first start: leaving in 3 s" if first else "started again", flush=True)
            threading.Event().wait(3 if first else 3600)
            sys.exit(5)
            """);
        using var store = new TempDir();
        var (run, _, history, dir) = await ContractRunTests.RunAsync(store, "--backend", "redis", "--candidate", folder, "--nodes", "2", "--time-limit", "10s");

        Assert.True(run.ExitCode < 64, run.Out + run.Error);
        Assert.Contains("candidate on c1 exited by itself with code 5; started again in 1 s", Notes(history), StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(Path.Combine(dir, "nodes", "c1", "candidate.log"));
        Assert.Contains("started again", log, StringComparison.Ordinal);
        var exited = history.Notes.First(n => (n.Value.ToJson() ?? string.Empty).Contains("c1 exited by itself", StringComparison.Ordinal)).Time;
        Assert.Contains(history.Operations, o => o is { F: "claim", Outcome: Outcome.Ok } && history.ProcessName(o.Process) == "c1" && o.InvokeTime > exited + 1_000_000_000L);

        // The kill nemesis's victim is its to start again: no note says it left by itself.
        (run, _, history, _) = await ContractRunTests.RunAsync(store, "--backend", "redis", "--candidate", ContractRunTests.Candidate("redis-lease-python"), "--nemesis", "kill",
            "--ttl", "2s", "--nemesis-interval", "5s", "--time-limit", "16s", "--seed", Seeds.HittingCandidates("kill", TimeSpan.FromSeconds(16)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        var kill = history.Operations.First(o => o is { F: "kill", Outcome: Outcome.Ok });
        var victim = kill.Output.ToJson()!;
        var host = JsonDocument.Parse(victim).RootElement.GetProperty("host").GetString()!;
        Assert.DoesNotContain("exited by itself", Notes(history), StringComparison.Ordinal);
        var restarted = history.Operations.First(o => o is { F: "start" or "heal", Outcome: Outcome.Ok } && o.InvokeTime > kill.ReturnTime).ReturnTime;
        Assert.Contains(history.Operations, o => o is { F: "claim", Outcome: Outcome.Ok } && history.ProcessName(o.Process) == host && o.InvokeTime > restarted);
    }

    [SkippableFact]
    public async Task The_clock_nemesis_says_which_candidates_it_cannot_move()
    {
        await Packages.EnsureAsync([Prerequisites.Gcc, Prerequisites.CHeaders]);
        var libc = (await Exec.RunAsync("gcc", ["-print-file-name=libc.a"])).Out.Trim();
        Skip.IfNot(Path.IsPathRooted(libc) && File.Exists(libc), "libc.a is missing (libc6-dev), so gcc cannot link statically");
        var folder = Path.Combine(_dir.Path, "static");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "launcher.c"), "#include <unistd.h>\nint main(int argc, char **argv) { (void)argc; execv(argv[1], argv + 1); return 127; }\n");
        var built = await Exec.RunAsync("gcc", ["-static", "-o", Path.Combine(folder, "launcher"), Path.Combine(folder, "launcher.c")], timeout: TimeSpan.FromMinutes(2));
        Assert.True(built.Ok, built.Error);
        var script = ContractRunTests.Candidate("redis-lease-python") + "/candidate.py";
        await File.WriteAllTextAsync(Path.Combine(folder, "candidate.json"),
            $"{{\"name\": \"static-launcher\", \"backends\": [\"redis\"], \"packages\": [\"python3-redis\"], \"run\": [\"./launcher\", \"/usr/bin/python3\", {JsonSerializer.Serialize(script)}]}}");

        using var store = new TempDir();
        var (run, _, history, dir) = await ContractRunTests.RunAsync(store, "--backend", "redis", "--candidate", folder, "--nodes", "2", "--nemesis", "clock", "--nemesis-interval", "3s", "--time-limit", "12s");

        Assert.True(run.ExitCode < 64, run.Out + run.Error);
        var test = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement;
        Assert.StartsWith("a static binary", test.GetProperty("candidate").GetProperty("clock_unreachable").GetString(), StringComparison.Ordinal);
        var faults = history.Operations.Where(o => o is { F: "bump-clock", Outcome: Outcome.Ok } && o.Output.ToJson()!.Contains("\"host\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(faults);
        Assert.All(faults, f =>
        {
            var value = JsonDocument.Parse(f.Output.ToJson()!).RootElement;
            Assert.Equal("s1", value.GetProperty("host").GetString());
            Assert.Contains("c1, c2: the candidate static-launcher is a static binary", value.GetProperty("unmovable").GetString(), StringComparison.Ordinal);
        });
    }
}
