using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run.Compose;

/// <summary>
/// A user's own compose project to test (<c>--compose FILE --candidate-service NAME</c>): its
/// candidate service keeps the contract (docs/candidate.md) and is scaled to the run's
/// candidates; its other services are the servers. The candidates' servers
/// (<c>EJ_SERVERS</c>) are <see cref="Servers"/> when given (<c>--servers</c>), else what the
/// service's own environment sets.
/// </summary>
public sealed record UserCompose(string File, string Service, IReadOnlyList<string>? Servers)
{
    /// <summary>
    /// The project as compose reads it, checked: the file exists, the service is in it, and it
    /// can be scaled (no <c>container_name</c>, no fixed host port), and the candidates' servers
    /// are known. Every mistake is one line (exit 64).
    /// </summary>
    public async Task<(UserComposeConfig Config, string Servers)> CheckAsync(ComposeCli cli, CancellationToken cancel)
    {
        if (!System.IO.File.Exists(File)) throw new UsageException($"--compose {File}: no such file");
        var printed = await Exec.RunAsync(cli.File, [.. cli.Prefix, "-f", Path.GetFullPath(File), "config"], cancel: cancel);
        if (!printed.Ok)
        {
            throw new UsageException($"--compose {File}: {cli} config refused it: {FirstLine(printed.Error.Length > 0 ? printed.Error : printed.Out)}");
        }

        var config = UserComposeConfig.Parse(printed.Out);
        var service = config[Service] ?? throw new UsageException(
            $"--candidate-service {Service} is not a service of {File}; its services are {string.Join(", ", config.Services.Select(s => s.Name))}");
        if (service.ContainerName is { } fixedName)
        {
            throw new UsageException($"--candidate-service {Service} sets container_name ({fixedName}), so it cannot be scaled to several candidates: remove it");
        }

        if (config.Services.FirstOrDefault(s => s.PublishedPorts.Count > 0) is { } published)
        {
            throw new UsageException(
                $"service {published.Name} of {File} publishes a fixed host port ({string.Join(", ", published.PublishedPorts)}), so two runs (or two replicas) would collide: publish none, or leave the host port out");
        }

        var servers = Servers is { Count: > 0 } given ? string.Join(',', given)
            : service.Environment.TryGetValue(ContractEnvironment.Servers, out var own) && own.Length > 0 ? own
            : throw new UsageException($"the candidates' servers are unknown: give --servers HOST:PORT,... or set {ContractEnvironment.Servers} in service {Service}'s environment");
        return (config, servers);
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(nothing said)";
}
