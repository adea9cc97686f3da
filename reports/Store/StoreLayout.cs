using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Store;

/// <summary>
/// The store's layout, named once: what the run writes where, and where the check, the
/// reports and the comparison page look for it.
/// <code>
/// STORE/
///   index.html                     every run compared
///   latest -> RUN                  the newest run
///   RUN/
///     history.jsonl  results.json  report.html  test.json  harness.log  control.sock
///     nodes/HOST/                  the logs and data of the programs on HOST
///     clocks/NAME                  the clock offset of one faked clock
/// </code>
/// </summary>
public static class StoreLayout
{
    /// <summary>The comparison page of the store.</summary>
    public const string IndexFile = "index.html";

    /// <summary>The link to the newest run, in the store.</summary>
    public const string Latest = "latest";

    public const string HistoryFile = "history.jsonl";

    public const string ResultsFile = ResultsJson.FileName;

    public const string ReportFile = "report.html";

    public const string TestFile = "test.json";

    public const string LogFile = "harness.log";

    /// <summary>The docker runtime's image builds, in full, when the run built any.</summary>
    public const string ImagesLog = "images.log";

    /// <summary>A user's compose project's run: the file that gives its services the contract's environment and the run's label.</summary>
    public const string ComposeOverride = "compose.override.yml";

    /// <summary>A user's compose project's run: what compose printed bringing it up and down.</summary>
    public const string ComposeLog = "compose.log";

    /// <summary>The Unix socket of the control channel between the harness and its candidates.</summary>
    public const string ControlSocketFile = "control.sock";

    /// <summary>The folder of the hosts' folders: <c>nodes/HOST/</c>.</summary>
    public const string NodesFolder = "nodes";

    /// <summary>The folder of the faked clocks' offset files.</summary>
    public const string ClocksFolder = "clocks";

    /// <summary>Where the programs of <paramref name="host"/> keep their logs and data: <c>RUN/nodes/HOST</c>.</summary>
    public static string Node(string run, string host) => Path.Combine(run, NodesFolder, host);

    /// <summary>A file or folder of <paramref name="host"/>'s: <c>RUN/nodes/HOST/NAME</c>.</summary>
    public static string Node(string run, string host, string name) => Path.Combine(run, NodesFolder, host, name);

    /// <summary>The log of the program <paramref name="name"/> on <paramref name="host"/>: <c>RUN/nodes/HOST/NAME.log</c>.</summary>
    public static string NodeLog(string run, string host, string name) => Node(run, host, name + ".log");

    /// <summary>The offset file of the faked clock <paramref name="name"/>: <c>RUN/clocks/NAME</c>.</summary>
    public static string Clock(string run, string name) => Path.Combine(run, ClocksFolder, name);
}
