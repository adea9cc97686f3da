using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// What a candidate's folder or program may get wrong, each with its exit code and one clear
/// message, and a candidate that sends everything wrong at once: the run goes on, the history
/// stays whole.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class ContractInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Folder(string name, string manifest, string? program = null)
    {
        var dir = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "candidate.json"), manifest);
        if (program is not null) File.WriteAllText(Path.Combine(dir, "candidate.py"), program);
        return dir;
    }

    private Task<HarnessRun> RunAsync(string folder, params string[] more) =>
        HarnessRun.ProcessAsync(["--backend", "redis", "--candidate", folder, "--time-limit", "10s", "--store", Path.Combine(_dir.Path, "store"), .. more]);

    [Theory]
    [InlineData("{ not json", ": not JSON: line 1, byte 3")]
    [InlineData("{\"name\": \"x\", \"backends\": [\"redis\"]}", "\"run\" is required")]
    [InlineData("{\"name\": \"x\", \"backends\": [\"etcd\"], \"run\": [\"/bin/true\"]}", "cannot campaign on redis")]
    public async Task A_bad_manifest_is_a_usage_error_of_one_line(string manifest, string message)
    {
        var run = await HarnessRun.InProcessAsync(["--backend", "redis", "--candidate", Folder("bad", manifest), "--store", Path.Combine(_dir.Path, "store")]);
        Assert.Equal(64, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [SkippableFact]
    public async Task A_program_that_does_not_exist_is_a_usage_error()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, Prerequisites.Redis]);
        var run = await RunAsync(Folder("missing", "{\"name\": \"missing\", \"backends\": [\"redis\"], \"run\": [\"./no-such-program\"]}"));
        Assert.Equal(64, run.ExitCode);
        Assert.Contains("./no-such-program", run.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_program_that_exits_at_once_stops_the_run_with_the_tail_of_its_log()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, Prerequisites.Redis]);
        var run = await RunAsync(Folder("exits", "{\"name\": \"exits\", \"backends\": [\"redis\"], \"run\": [\"/usr/bin/python3\", \"candidate.py\"]}",
            "import sys\nprint('cannot reach the configuration service', flush=True)\nsys.exit(3)\n"));
        Assert.Equal(69, run.ExitCode);
        Assert.Contains("exited with code 3 before it answered GET /leader", run.Error, StringComparison.Ordinal);
        Assert.Contains("cannot reach the configuration service", run.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_candidate_that_never_answers_stops_the_run_after_its_start_timeout()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, Prerequisites.Redis]);
        var run = await RunAsync(Folder("silent", "{\"name\": \"silent\", \"backends\": [\"redis\"], \"run\": [\"/usr/bin/python3\", \"candidate.py\"], \"start_timeout_ms\": 3000}",
            "import time\nprint('warming up a very large cache', flush=True)\ntime.sleep(600)\n"));
        Assert.Equal(69, run.ExitCode);
        Assert.Contains("did not answer GET /leader on port 7070 within 3 s", run.Error, StringComparison.Ordinal);
        Assert.Contains("warming up a very large cache", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Everything wrong at once: status answers not JSON, huge or slow; ledger calls with bad JSON, unknown paths, wrong types, operations out of order, and a flood of writes.</summary>
    private const string Hostile = """
        import json, os, threading, time, urllib.request
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        ledger = os.environ["EJ_LEDGER"]
        n = [0]
        class Status(BaseHTTPRequestHandler):
            def log_message(self, *a): pass
            def do_GET(self):
                n[0] += 1
                kind = n[0] % 4
                if kind == 1: body = b"yes, I lead"
                elif kind == 2: body = b"{\"leader\": true, \"pad\": \"" + b"x" * 200000 + b"\"}"
                elif kind == 3: time.sleep(1.5); body = b"{\"leader\": false}"
                else: body = b"{\"leader\": false}"
                self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
                try: self.wfile.write(body)
                except OSError: pass
        def post(path, body):
            try:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                urllib.request.urlopen(urllib.request.Request(ledger + path, data=data, method="POST"), timeout=5).read()
            except Exception as e:
                return getattr(e, "code", None)
        def flood():
            seq = 0
            while True:
                seq += 1
                post("/write", {"token": 1, "seq": seq})
        def wrong():
            while True:
                for path, body in [("/write", b"{nope"), ("/nowhere", {}), ("/write", {"token": "one", "seq": 1}), ("/job", {"token": 1}),
                                   ("/op", {"f": "acquire", "type": "ok", "value": {"token": 1}}), ("/op", {"f": "elect", "type": "invoke"}),
                                   ("/event", {"text": 42}), ("/op", {"f": "release", "type": "ok"})]:
                    post(path, body)
                time.sleep(0.05)
        threading.Thread(target=ThreadingHTTPServer(("0.0.0.0", int(os.environ["EJ_STATUS_PORT"])), Status).serve_forever, daemon=True).start()
        for _ in range(8): threading.Thread(target=flood, daemon=True).start()
        threading.Thread(target=wrong, daemon=True).start()
        while True: time.sleep(1)
        """;

    [SkippableFact]
    public async Task Nothing_a_candidate_sends_stops_the_run_or_corrupts_the_history()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, Prerequisites.Redis]);
        var run = await RunAsync(Folder("hostile", "{\"name\": \"hostile\", \"backends\": [\"redis\"], \"run\": [\"/usr/bin/python3\", \"candidate.py\"]}", Hostile), "--nodes", "2");

        Assert.True(run.ExitCode < 64, $"exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        var dir = Path.Combine(_dir.Path, "store", "latest");
        var history = HistoryT.Load(Path.Combine(dir, "history.jsonl"));
        Assert.Contains(history.Operations, o => o is { F: "write", Outcome: Checkers.History.Outcome.Ok });
        Assert.Contains(history.Operations, o => o is { F: "claim", Outcome: Checkers.History.Outcome.Info });
        var notes = history.Notes.Select(n => n.Value.ToJson() ?? string.Empty).ToList();
        Assert.Contains(notes, n => n.Contains("ledger: refused a call to /write", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("ledger: refused a call to /op", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("ledger: refused a call to /nowhere", StringComparison.Ordinal));
        var log = await File.ReadAllTextAsync(Path.Combine(dir, "harness.log"));
        Assert.Contains("its status gave no answer: not JSON", log, StringComparison.Ordinal);
        Assert.Contains("its status gave no answer: an answer of", log, StringComparison.Ordinal);
        Assert.Contains("its status gave no answer: timeout", log, StringComparison.Ordinal);
    }
}
