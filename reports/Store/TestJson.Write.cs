using System.Globalization;
using System.Text.Json;

namespace ElectionJepsen.Reports.Store;

public sealed partial record TestJson
{
    /// <summary>Writes the file (indented; what is null is written as null).</summary>
    public void Write(string path)
    {
        using var file = File.Create(path);
        Write(file);
    }

    public void Write(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        String(w, Keys.RunId, RunId);
        String(w, Keys.Backend, Backend);
        Strings(w, Keys.Nemesis, Nemeses);
        Number(w, Keys.Nodes, Nodes);
        Number(w, Keys.TimeLimitS, TimeLimitS);
        Number(w, Keys.NemesisIntervalS, NemesisIntervalS);
        Number(w, Keys.Seed, Seed);
        Number(w, Keys.TtlMs, TtlMs);
        w.WriteBoolean(Keys.Fencing, Fencing);
        String(w, Keys.Runtime, Runtime);
        Number(w, Keys.ClaimIntervalMs, ClaimIntervalMs);
        Number(w, Keys.WriteIntervalMs, WriteIntervalMs);
        Number(w, Keys.JobIntervalMs, JobIntervalMs);
        Number(w, Keys.ClaimTimeoutMs, ClaimTimeoutMs);
        String(w, Keys.PartitionScope, PartitionScope);
        if (Delay is { } d)
        {
            w.WriteStartObject(Keys.Delay);
            w.WriteNumber(Keys.DelayMs, d.DelayMs);
            w.WriteNumber(Keys.JitterMs, d.JitterMs);
            w.WriteString(Keys.Distribution, d.Distribution);
            w.WriteNumber(Keys.Duplicate, d.Duplicate);
            w.WriteNumber(Keys.Loss, d.Loss);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(Keys.Delay);
        }

        Strings(w, Keys.PartitionShapes, PartitionShapes);
        if (Servers is { } s)
        {
            w.WriteStartObject(Keys.Servers);
            w.WriteNumber(Keys.EtcdHeartbeatMs, s.EtcdHeartbeatMs);
            w.WriteNumber(Keys.EtcdElectionTimeoutMs, s.EtcdElectionTimeoutMs);
            w.WriteBoolean(Keys.EtcdPreVote, s.EtcdPreVote);
            w.WriteNumber(Keys.ZooKeeperTickMs, s.ZooKeeperTickMs);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(Keys.Servers);
        }

        if (Candidate is { } c)
        {
            w.WriteStartObject(Keys.Candidate);
            w.WriteString(Keys.CandidateName, c.Name);
            w.WriteString(Keys.CandidateDirectory, c.Directory);
            Strings(w, Keys.CandidateRun, c.Run);
            String(w, Keys.CandidateClock, c.ClockUnreachable);
            if (c.Image is not null) w.WriteString(Keys.CandidateImage, c.Image);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(Keys.Candidate);
        }

        if (Kubernetes is { } k)
        {
            w.WriteStartObject(Keys.Kubernetes);
            w.WriteString(Keys.Kubeconfig, k.Kubeconfig);
            w.WriteString(Keys.Server, k.Server);
            w.WriteString(Keys.Namespace, k.Namespace);
            w.WriteString(Keys.Lease, k.Lease);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(Keys.Kubernetes);
        }

        String(w, Keys.Started, Started?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (Versions is { } v)
        {
            w.WriteStartObject(Keys.Versions);
            String(w, Keys.ServersVersion, v.Servers);
            String(w, Keys.Dotnet, v.Dotnet);
            String(w, Keys.Kernel, v.Kernel);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(Keys.Versions);
        }

        String(w, Keys.Command, Command);
        String(w, Keys.Rerun, Rerun);
        w.WriteEndObject();
    }

    private static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var s in values) w.WriteStringValue(s);
        w.WriteEndArray();
    }
}
