using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Harness.Nemeses;

/// <summary>
/// Runs the nemesis schedule against the cluster and records every step in the history as
/// an operation of process <c>nemesis</c>: the invoke (which step, which fault), then its
/// completion with what was done (ok), that it could not be done (fail), or that it broke
/// partway (info); the history is synced to the disk at each, so a power cut
/// never loses a fault that was done. Whatever happens, the run ends with a
/// final heal: the network healed, every process resumed (and restarted if killed), every
/// clock back to real time.
/// </summary>
public sealed class NemesisRunner(Cluster cluster, IReadOnlyDictionary<string, INemesis> nemeses, HistoryWriter history, TimeProvider? time = null)
{
    public const string Process = NemesisFunctions.Process;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>What is in force now, for the progress line.</summary>
    public string State { get; private set; } = "no fault";

    /// <summary>
    /// Runs the plan's steps at their times; a fault whose heal the plan leaves out (the last,
    /// when the run ends before its heal is due) stays in force until <paramref name="end"/>,
    /// or until cancelled; then the final heal.
    /// </summary>
    public async Task RunAsync(IEnumerable<NemesisStep> plan, CancellationToken cancel, TimeSpan? end = null)
    {
        var start = _time.GetTimestamp();
        try
        {
            foreach (var step in plan)
            {
                var wait = step.At - _time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, cancel);
                await StepAsync(step, cancel);
            }

            var left = end - _time.GetElapsedTime(start);
            if (left > TimeSpan.Zero) await Task.Delay(left.Value, _time, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            await FinalHealAsync();
        }
    }

    public async Task StepAsync(NemesisStep step, CancellationToken cancel)
    {
        var nemesis = nemeses[step.Nemesis];
        var f = (step.IsFault ? nemesis.Functions.Start : nemesis.Functions.Stop).Name;
        history.Append(Process, EventType.Invoke, f, string.Empty, Json(new JsonObject { ["step"] = step.Index, ["nemesis"] = nemesis.Name }));
        history.Sync();
        try
        {
            var done = step.IsFault
                ? await nemesis.StartAsync(cluster, new Random(step.Seed), cancel)
                : await nemesis.HealAsync(cluster, cancel);
            history.Append(Process, EventType.Ok, f, string.Empty, Json(done));
            State = !step.IsFault ? "healed" : nemesis is ComposedNemesis ? Summary(done) : $"{nemesis.Name} {Summary(done)}".TrimEnd();
        }
        catch (NemesisUnavailableException e)
        {
            history.Append(Process, EventType.Fail, f, string.Empty, OpValue.Absent, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            history.Append(Process, EventType.Info, f, string.Empty, OpValue.Absent, e.Message);
        }
        catch (OperationCanceledException)
        {
            history.Append(Process, EventType.Info, f, string.Empty, OpValue.Absent, "cancelled");
            throw;
        }
        finally
        {
            history.Sync();
        }
    }

    /// <summary>Heals everything, whatever each nemesis remembers; never cancelled.</summary>
    public async Task FinalHealAsync()
    {
        history.Append(Process, EventType.Invoke, NemesisFunctions.Heal.Name, string.Empty, Json(new JsonObject { ["final"] = true }));
        history.Sync();
        var errors = new List<string>();
        foreach (var n in nemeses.Values)
        {
            try
            {
                await n.HealAsync(cluster, CancellationToken.None);
            }
            catch (Exception e)
            {
                errors.Add($"{n.Name}: {e.Message}");
            }
        }

        try
        {
            await cluster.Faults.HealAsync();
        }
        catch (Exception e)
        {
            errors.Add($"network: {e.Message}");
        }

        foreach (var node in cluster.Nodes)
        {
            try
            {
                await node.Process.ResumeAsync(CancellationToken.None);
                if (node.Clock?.OffsetFile is not null) node.Clock.SetOffset(TimeSpan.Zero);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or global::Docker.DotNet.DockerApiException)
            {
                // A container gone, or a full disk takes no new offset file: recorded, and the teardown that follows stops the process anyway.
                errors.Add($"clock of {node.Process}: {e.Message}");
            }
        }

        if (errors.Count == 0)
        {
            history.Append(Process, EventType.Ok, NemesisFunctions.Heal.Name, string.Empty, Json(new JsonObject { ["healed"] = new JsonArray("network", "processes", "clocks") }));
            State = "healed";
        }
        else
        {
            history.Append(Process, EventType.Info, NemesisFunctions.Heal.Name, string.Empty, OpValue.Absent, string.Join("; ", errors));
        }

        history.Sync();
    }

    private static OpValue Json(JsonNode node) => OpValue.FromJson(node.ToJsonString());

    private static string Summary(JsonNode done)
    {
        if (done["shape"] is { } shape) return shape.ToString();
        if (done["process"] is { } process) return $"{process} on {done["host"]}";
        if (done["hosts"] is { } hosts) return hosts.ToJsonString();

        // Faults together: each part's own summary.
        return done is JsonObject parts
            ? string.Join(" + ", parts.Where(p => p.Value is JsonObject).Select(p => $"{p.Key} {Summary(p.Value!)}".TrimEnd()))
            : string.Empty;
    }
}
