using System.Text;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Run.Compose;

/// <summary>
/// The override file a run of a user's compose project adds to it (in the run's directory):
/// the contract's environment on the candidate service, and the run's label
/// (<see cref="DockerLabels.Run"/>) on every service, network and volume of the project, so
/// that the reaper finds what a killed harness left by the label alone.
/// </summary>
public static class ComposeOverride
{
    public static string Render(UserComposeConfig config, string candidateService, string runId, IReadOnlyDictionary<string, string> environment)
    {
        var yaml = new StringBuilder();
        yaml.Append("# Added by the harness to the project under test: the contract's environment and the run's label.\n");
        yaml.Append("services:\n");
        foreach (var s in config.Services)
        {
            yaml.Append($"  {Quote(s.Name)}:\n");
            if (s.Name == candidateService)
            {
                yaml.Append("    environment:\n");
                foreach (var (k, v) in environment.OrderBy(e => e.Key, StringComparer.Ordinal)) yaml.Append($"      {k}: {Quote(v)}\n");
            }

            Labels(yaml, "    ", runId);
        }

        yaml.Append("networks:\n");
        foreach (var n in config.Networks.Append("default").Distinct(StringComparer.Ordinal))
        {
            yaml.Append($"  {Quote(n)}:\n");
            Labels(yaml, "    ", runId);
        }

        if (config.Volumes.Count > 0)
        {
            yaml.Append("volumes:\n");
            foreach (var v in config.Volumes)
            {
                yaml.Append($"  {Quote(v)}:\n");
                Labels(yaml, "    ", runId);
            }
        }

        return yaml.ToString();
    }

    private static void Labels(StringBuilder yaml, string indent, string runId) =>
        yaml.Append($"{indent}labels:\n{indent}  {DockerLabels.Run}: {Quote(runId)}\n");

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
