namespace ElectionJepsen.Harness.Run.Compose;

/// <summary>What the harness needs to know of one service of a user's compose project.</summary>
public sealed record UserService(string Name, string? ContainerName, IReadOnlyList<string> PublishedPorts, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// A user's compose project as <c>compose config</c> prints it (normalized YAML: two spaces a
/// level, one key a line, the same from docker-compose 1.29 and compose v2): its services, and
/// its own networks and volumes (the external ones left out: they are not the project's to label).
/// </summary>
public sealed record UserComposeConfig(IReadOnlyList<UserService> Services, IReadOnlyList<string> Networks, IReadOnlyList<string> Volumes)
{
    public UserService? this[string service] => Services.FirstOrDefault(s => s.Name == service);

    /// <summary>Reads <c>config</c>'s output.</summary>
    public static UserComposeConfig Parse(string yaml)
    {
        var services = new List<UserService>();
        var networks = new List<(string Name, bool External)>();
        var volumes = new List<(string Name, bool External)>();
        string? section = null;
        UserServiceBuilder? service = null;
        string? key = null;
        foreach (var raw in yaml.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var indent = line.Length - line.TrimStart().Length;
            var text = line.Trim();
            if (indent == 0)
            {
                Flush();
                section = Key(text);
                continue;
            }

            if (indent == 2 && !text.StartsWith('-'))
            {
                Flush();
                var name = Key(text);
                if (section == "services") service = new UserServiceBuilder(name);
                else if (section == "networks") networks.Add((name, false));
                else if (section == "volumes") volumes.Add((name, false));
                continue;
            }

            if (section is "networks" or "volumes" && indent == 4 && text.Replace(" ", string.Empty, StringComparison.Ordinal) is "external:true" or "external:\"true\"")
            {
                var list = section == "networks" ? networks : volumes;
                list[^1] = (list[^1].Name, true);
                continue;
            }

            if (service is null) continue;
            if (indent == 4 && !text.StartsWith('-'))
            {
                key = Key(text);
                if (key == "container_name") service.ContainerName = Value(text);
                continue;
            }

            if (key == "ports" && text.TrimStart('-', ' ').StartsWith("published:", StringComparison.Ordinal)) service.Published.Add(Value(text.TrimStart('-', ' ')));
            else if (key == "environment" && indent == 6 && text.Contains(':', StringComparison.Ordinal)) service.Environment[Key(text)] = Value(text);
        }

        Flush();
        return new UserComposeConfig(services, [.. networks.Where(n => !n.External).Select(n => n.Name)], [.. volumes.Where(v => !v.External).Select(v => v.Name)]);

        void Flush()
        {
            if (service is not null) services.Add(new UserService(service.Name, service.ContainerName, service.Published, service.Environment));
            service = null;
            key = null;
        }
    }

    private static string Key(string text) => Unquote(text[..Math.Max(0, text.IndexOf(':', StringComparison.Ordinal))].Trim());

    private static string Value(string text) => Unquote(text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0] ? text[1..^1] : text;

    private sealed class UserServiceBuilder(string name)
    {
        public string Name { get; } = name;

        public string? ContainerName { get; set; }

        public List<string> Published { get; } = [];

        public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
    }
}
