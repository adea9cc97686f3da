using System.CommandLine;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Run.Compose;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run;

/// <summary>A user's compose project (<c>--compose</c>): its options read and checked against the rest of the command line.</summary>
public sealed partial class RunOptionSet
{
    /// <summary>The faults a user's containers can take: all but clock (their images need not carry libfaketime).</summary>
    public static readonly IReadOnlyList<string> ComposeNemeses = [NemesisNames.Partition, NemesisNames.Pause, NemesisNames.Kill, NemesisNames.Loss, NemesisNames.Delay];

    private UserCompose? UserComposeOf(ParseResult parse)
    {
        var file = parse.GetValue(Compose);
        var service = parse.GetValue(CandidateService);
        var servers = parse.GetValue(ComposeServers);
        if (file is null)
        {
            if (service is not null || servers is not null) throw new UsageException($"{(service is not null ? CandidateService.Name : ComposeServers.Name)} goes with {Compose.Name} FILE");
            return null;
        }

        if (service is null) throw new UsageException($"{Compose.Name} needs {CandidateService.Name} NAME: the service that keeps the contract (docs/candidate.md)");
        if (parse.GetResult(Backend) is not { Implicit: false }) throw new UsageException($"{Compose.Name} needs {Backend.Name}: the backend the candidates use (their EJ_BACKEND)");
        if (parse.GetValue(Candidate) is { Length: > 0 }) throw new UsageException($"{Compose.Name} tests the project's own candidate service; leave out {Candidate.Name}");
        if (parse.GetValue(CandidateImage) is not null) throw new UsageException($"{Compose.Name} tests the project's own candidate service; leave out {CandidateImage.Name}");
        if (parse.GetValue(Runtime) != RuntimeNames.Local) throw new UsageException($"{Compose.Name} runs the project's own containers; leave out {Runtime.Name}");
        if (parse.GetValue(Kubeconfig) is not null) throw new UsageException($"{Compose.Name} runs the project's own servers; leave out {Kubeconfig.Name}");
        var nemesis = parse.GetValue(Nemesis)!;
        var refused = nemesis.Trim() == NemesisNames.None ? null : nemesis.Split(',', '+').Select(n => n.Trim()).FirstOrDefault(n => !ComposeNemeses.Contains(n));
        if (refused is not null)
        {
            var why = refused == NemesisNames.Clock ? ": the project's images need not carry libfaketime" : string.Empty;
            throw new UsageException($"{Compose.Name} takes {Nemesis.Name} none or {string.Join(", ", ComposeNemeses)}, not {refused}{why}");
        }

        return new UserCompose(file, service, servers?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
