using System.Net;
using Docker.DotNet;
using ElectionJepsen.Reports;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>What the reaper removed of one run in Docker; <see cref="Unpaused"/> of its containers were thawed first.</summary>
public sealed record DockerReaped(string RunId, IReadOnlyList<string> Containers, IReadOnlyList<string> Networks, IReadOnlyList<string> Volumes, int Unpaused);

/// <summary>
/// Removes what runs left in Docker, found by the <see cref="DockerLabels.Run"/> label, leaving
/// alone the runs whose harness is alive (unless told otherwise): the containers (paused ones
/// unpaused first: under cgroup v1 a frozen container does not die of SIGKILL until thawed,
/// so a forced remove would hang), then the networks (the engine refuses to remove one with
/// containers on it), then the volumes.
/// </summary>
public static class DockerReaper
{
    /// <summary>
    /// Reaps where a Docker daemon answers; where none does (Docker not installed, or not
    /// running) it costs a file check, prints nothing and removes nothing.
    /// </summary>
    public static async Task<IReadOnlyList<DockerReaped>> ReapIfDockerAsync(bool includeLive = false, CancellationToken cancel = default)
    {
        using var engine = await DockerEngine.TryConnectAsync(cancel);
        return engine is null ? [] : await ReapAsync(engine.Api, includeLive, RunRegistry.IsAlive, cancel);
    }

    public static async Task<IReadOnlyList<DockerReaped>> ReapAsync(IDockerApi api, bool includeLive, Func<string, bool> isAlive, CancellationToken cancel = default)
    {
        var filter = DockerLabels.AnyRunFilter();
        var containers = await api.ListContainersAsync(filter, cancel);
        var networks = await api.ListNetworksAsync(filter, cancel);
        var volumes = await api.ListVolumesAsync(filter, cancel);
        var runs = containers.Select(c => DockerLabels.RunOf(c.Labels))
            .Concat(networks.Select(n => DockerLabels.RunOf(n.Labels)))
            .Concat(volumes.Select(v => DockerLabels.RunOf(v.Labels)))
            .OfType<string>().Distinct().Order(StringComparer.Ordinal)
            .Where(run => includeLive || !isAlive(run))
            .ToList();

        var reaped = new List<DockerReaped>();
        foreach (var run in runs)
        {
            var theirs = containers.Where(c => DockerLabels.RunOf(c.Labels) == run).ToList();
            var paused = theirs.Where(c => c.State == "paused").ToList();
            foreach (var c in paused) await IgnoringGoneAsync(() => api.UnpauseContainerAsync(c.ID, cancel));
            foreach (var c in theirs) await IgnoringGoneAsync(() => api.RemoveContainerAsync(c.ID, cancel));
            var nets = networks.Where(n => DockerLabels.RunOf(n.Labels) == run).ToList();
            foreach (var n in nets) await IgnoringGoneAsync(() => api.RemoveNetworkAsync(n.ID, cancel));
            var vols = volumes.Where(v => DockerLabels.RunOf(v.Labels) == run).ToList();
            foreach (var v in vols) await IgnoringGoneAsync(() => api.RemoveVolumeAsync(v.Name, cancel));
            reaped.Add(new DockerReaped(run, [.. theirs.Select(NameOf)], [.. nets.Select(n => n.Name)], [.. vols.Select(v => v.Name)], paused.Count));
        }

        return reaped;
    }

    /// <summary>One line of what was removed of a run (a run is reaped for something it left, so the line is never empty).</summary>
    public static string Describe(DockerReaped r)
    {
        var thawed = r.Unpaused > 0 ? $", {r.Unpaused} of them unpaused first" : string.Empty;
        var parts = new[]
        {
            r.Containers.Count > 0 ? $"{Words.Count(r.Containers.Count, "container")} ({string.Join(", ", r.Containers)}{thawed})" : null,
            r.Networks.Count > 0 ? $"{Words.Count(r.Networks.Count, "network")} ({string.Join(", ", r.Networks)})" : null,
            r.Volumes.Count > 0 ? $"{Words.Count(r.Volumes.Count, "volume")} ({string.Join(", ", r.Volumes)})" : null,
        };
        return string.Join(", ", parts.OfType<string>());
    }

    private static string NameOf(global::Docker.DotNet.Models.ContainerListResponse c) =>
        c.Names is { Count: > 0 } names ? names[0].TrimStart('/') : c.ID[..Math.Min(12, c.ID.Length)];

    /// <summary>
    /// Something already gone (removed by its own run meanwhile), or going (another harness
    /// removing it at the same moment: the engine answers 409), is not an error.
    /// </summary>
    private static async Task IgnoringGoneAsync(Func<Task> remove)
    {
        try
        {
            await remove();
        }
        catch (DockerApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
    }
}
