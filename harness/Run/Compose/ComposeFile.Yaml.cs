using System.Globalization;
using System.Text;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Contract;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run.Compose;

public static partial class ComposeFile
{
    /// <summary>The compose file format: 3.9, the newest docker-compose 1.29 reads, with profiles.</summary>
    public const string Version = "3.9";

    /// <summary>The file's text: a header saying how it is made and used, then the services and the network.</summary>
    public static string Render()
    {
        var yaml = new StringBuilder();
        yaml.Append(Header);
        yaml.Append($"version: {Quote(Version)}\n\nservices:\n");
        foreach (var service in Services()) Append(yaml, service);
        yaml.Append($"networks:\n  {Network}: {{}}\n");
        return yaml.ToString();
    }

    /// <summary>How the file is made and how it is used, the commands for every backend's profile included.</summary>
    private static string Header
    {
        get
        {
            var port = ContractEnvironment.StatusPort.ToString(CultureInfo.InvariantCulture);
            var header = new StringBuilder($"""
                # Made by ComposeFile.Render() (harness/Run/Compose/) from the harness's own images,
                # servers and candidate contract; do not edit it by hand: a test fails when the two
                # differ, and {ChangedVariable}=1 on that test writes it again.
                #
                # The by-hand test of leader election (the images first: dotnet run --project harness -- images):
                #   docker-compose up -d --scale {CandidateService}=5
                #   docker-compose port --index=1 {CandidateService} {port}; curl http://127.0.0.1:PORT{StatusEndpoint.Path}
                #   docker restart THE_LEADERS_CONTAINER
                #   docker-compose down -v
                # Other backends: their profile, and the candidates told the backend and its servers:

                """);
            foreach (var backend in Backends.Where(b => b != BackendNames.Redis))
            {
                header.Append($"#   {CandidateEnvironment.Backend}={backend} {CandidateEnvironment.Servers}={ServersOf(backend)} docker-compose --profile {backend} up -d --scale {CandidateService}=5\n");
            }

            return header.Append('\n').ToString();
        }
    }

    /// <summary>The variable that, set to 1, has the test of this file write it again.</summary>
    public const string ChangedVariable = "UPDATE_COMPOSE";

    private static void Append(StringBuilder yaml, ComposeService s)
    {
        yaml.Append($"  {s.Name}:\n");
        yaml.Append($"    image: {s.Image}\n");
        if (s.Profile is { } profile) yaml.Append($"    profiles: [{Quote(profile)}]\n");
        if (s.Command.Count > 0) yaml.Append($"    command: [{string.Join(", ", s.Command.Select(Literal))}]\n");
        if (s.Environment.Count > 0)
        {
            yaml.Append("    environment:\n");
            foreach (var v in s.Environment) AppendVariable(yaml, v);
        }

        if (s.Ports.Count > 0) yaml.Append($"    ports: [{string.Join(", ", s.Ports.Select(p => Quote(p.ToString(CultureInfo.InvariantCulture))))}]\n");
        if (s.DependsOn.Count > 0) yaml.Append($"    depends_on: [{string.Join(", ", s.DependsOn)}]\n");
        if (s.RestartOnFailure) yaml.Append("    restart: on-failure\n");
        yaml.Append($"    networks: [{Network}]\n\n");
    }

    /// <summary>A variable: from the shell with its default; a fixed one-line value quoted; a value of many lines as a literal block.</summary>
    private static void AppendVariable(StringBuilder yaml, ComposeVariable v)
    {
        if (v.FromShell)
        {
            yaml.Append($"      {v.Name}: {Quote($"${{{v.Name}:-{v.Value}}}")}\n");
            return;
        }

        if (!v.Value.Contains('\n', StringComparison.Ordinal))
        {
            yaml.Append($"      {v.Name}: {Literal(v.Value)}\n");
            return;
        }

        if (!v.Value.EndsWith('\n') || v.Value.EndsWith("\n\n", StringComparison.Ordinal)) throw new ArgumentException($"{v.Name}: a value of many lines must end in exactly one line break");
        yaml.Append($"      {v.Name}: |\n");
        foreach (var line in v.Value[..^1].Split('\n')) yaml.Append(line.Length == 0 ? "\n" : $"        {Escape(line)}\n");
    }

    /// <summary>A fixed string: docker-compose would read <c>$</c> as the start of a shell variable, so it is doubled.</summary>
    private static string Literal(string value) => Quote(Escape(value));

    private static string Escape(string value) => value.Replace("$", "$$", StringComparison.Ordinal);

    /// <summary>A YAML double-quoted scalar (the values here hold no line breaks and no control characters).</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
