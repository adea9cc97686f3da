using System.CommandLine;
using System.Globalization;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads.Candidate;

/// <summary>
/// The candidate's command line, both ways: <see cref="Arguments"/> is what the harness
/// starts a candidate with, <see cref="Read"/> (through <see cref="Root"/>) is what the
/// candidate makes of it. Every option is named here once; durations go as whole
/// milliseconds.
/// </summary>
public sealed partial class CandidateCommandLine
{
    private const string NodeOption = "--node";
    private const string ControlOption = "--control";
    private const string BackendOption = "--backend";
    private const string ServersOption = "--servers";
    private const string PeersOption = "--peers";
    private const string KubeconfigOption = "--kubeconfig";
    private const string NamespaceOption = "--namespace";
    private const string LeaseOption = "--lease";
    private const string RenewDeadlineOption = "--renew-deadline-ms";
    private const string RetryPeriodOption = "--retry-period-ms";
    private const string DataOption = "--data-dir";
    private const string TtlOption = "--ttl-ms";
    private const string WriteOption = "--write-interval-ms";
    private const string JobOption = "--job-interval-ms";
    private const string TimeoutOption = "--timeout-ms";
    private const string StatusPortOption = "--status-port";
    private const string LedgerOption = "--ledger";

    /// <summary>The arguments that start a candidate told <paramref name="o"/>, after the program's path.</summary>
    public static IReadOnlyList<string> Arguments(CandidateOptions o)
    {
        var args = new List<string>
        {
            NodeOption, o.Node, BackendOption, o.Backend, ControlOption, o.ControlSocket, ServersOption, string.Join(',', o.Servers),
            TtlOption, Ms(o.Ttl), WriteOption, Ms(o.WriteInterval), JobOption, Ms(o.JobInterval), TimeoutOption, Ms(o.CallTimeout),
            DataOption, o.DataDirectory,
        };
        if (o.Peers.Length > 0) args.AddRange([PeersOption, o.Peers]);
        if (o.RenewDeadline is { } rd) args.AddRange([RenewDeadlineOption, Ms(rd)]);
        if (o.RetryPeriod is { } rp) args.AddRange([RetryPeriodOption, Ms(rp)]);
        if (o.Kubeconfig is { } kubeconfig) args.AddRange([KubeconfigOption, kubeconfig]);
        if (o.Namespace != Defaults.Namespace) args.AddRange([NamespaceOption, o.Namespace]);
        if (o.Lease != Defaults.Lease) args.AddRange([LeaseOption, o.Lease]);
        return args;
    }

    /// <summary>
    /// What <paramref name="args"/> tell a candidate, with <paramref name="environment"/> (none by
    /// default) filling in what they leave out when there is no control socket; or a
    /// <see cref="FormatException"/> saying what is wrong with them.
    /// </summary>
    public static CandidateOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var line = new CandidateCommandLine();
        var parse = line.Root.Parse([.. args]);
        if (parse.Errors.Count > 0) throw new FormatException(parse.Errors[0].Message);
        return line.Read(parse, environment ?? (_ => null));
    }

    /// <summary>
    /// What a parsed command line tells the candidate. With <c>--control</c>, the command line
    /// alone (the harness gives every option); without it, what the command line leaves out comes
    /// from <paramref name="environment"/>, as the contract gives it. A
    /// <see cref="FormatException"/> when something needed is missing or unusable.
    /// </summary>
    public CandidateOptions Read(ParseResult parse, Func<string, string?> environment)
    {
        var told = new CandidateOptions(
            parse.GetValue(_node) ?? string.Empty,
            parse.GetValue(_backend) ?? string.Empty,
            parse.GetValue(_control) ?? string.Empty,
            parse.GetValue(_servers)!.Split(',', StringSplitOptions.RemoveEmptyEntries),
            TimeSpan.FromMilliseconds(parse.GetValue(_ttl)),
            TimeSpan.FromMilliseconds(parse.GetValue(_write)),
            TimeSpan.FromMilliseconds(parse.GetValue(_job)),
            TimeSpan.FromMilliseconds(parse.GetValue(_timeout)))
        {
            Peers = parse.GetValue(_peers)!,
            DataDirectory = parse.GetValue(_data)!,
            Kubeconfig = parse.GetValue(_kubeconfig),
            Namespace = parse.GetValue(_namespace)!,
            Lease = parse.GetValue(_lease)!,
            RenewDeadline = parse.GetValue(_renewDeadline) is { } rd ? TimeSpan.FromMilliseconds(rd) : null,
            RetryPeriod = parse.GetValue(_retryPeriod) is { } rp ? TimeSpan.FromMilliseconds(rp) : null,
        };
        if (!told.Controlled) return FromEnvironment(told, parse, environment);
        if (told.Node.Length == 0) throw new FormatException($"{NodeOption} is required with {ControlOption}");
        if (told.Backend.Length == 0) throw new FormatException($"{BackendOption} is required with {ControlOption}");
        return told;
    }

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
