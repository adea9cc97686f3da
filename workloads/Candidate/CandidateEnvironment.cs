using System.Globalization;

namespace ElectionJepsen.Workloads.Candidate;

/// <summary>
/// The environment a candidate of the contract is given (docs/candidate.md), as our own
/// candidate reads it when it is started without a control socket: the variables' names, and
/// what each value may be. A value it cannot use is a <see cref="FormatException"/> naming
/// the variable and what is allowed.
/// </summary>
public static class CandidateEnvironment
{
    public const string Node = "EJ_NODE";
    public const string Backend = "EJ_BACKEND";
    public const string Servers = "EJ_SERVERS";
    public const string Peers = "EJ_PEERS";
    public const string TtlMs = "EJ_TTL_MS";
    public const string JobIntervalMs = "EJ_JOB_INTERVAL_MS";
    public const string StatusPort = "EJ_STATUS_PORT";
    public const string Ledger = "EJ_LEDGER";
    public const string Kubeconfig = "KUBECONFIG";

    /// <summary>The value of <paramref name="name"/>, or null when it is unset or empty.</summary>
    public static string? Text(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value.Trim() : null;

    /// <summary>A duration in whole milliseconds, at least 1.</summary>
    public static TimeSpan? Milliseconds(Func<string, string?> environment, string name) =>
        Text(environment, name) is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and <= int.MaxValue
                ? TimeSpan.FromMilliseconds(ms)
                : throw new FormatException($"{name} must be a whole number of milliseconds, at least 1, not \"{text}\"")
            : null;

    /// <summary>A TCP port, 1 to 65535.</summary>
    public static int? Port(Func<string, string?> environment, string name) =>
        Text(environment, name) is { } text ? Port(text, name) : null;

    public static int Port(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"{what} must be a TCP port, 1 to 65535, not \"{text}\"");

    /// <summary>An absolute http:// or https:// URL.</summary>
    public static Uri Url(string text, string what) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new FormatException($"{what} must be an http:// URL such as http://127.0.0.1:7071, not \"{text}\"");
}
