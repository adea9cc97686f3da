using System.CommandLine;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Verbs.Check;

/// <summary>The <c>check</c> verb: check a history written by a run or by any other program.</summary>
public static class CheckCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var history = new Argument<string>("HISTORY") { Description = "a history.jsonl (spec/history.md)" };
        var model = new Option<string>("--model")
        {
            Description = $"the model to check against: {string.Join(", ", LinearizabilityChecker.ModelNames)}",
            DefaultValueFactory = _ => "fenced-lease",
            HelpName = "MODEL",
        };
        var outDir = new Option<string?>("--out") { Description = "where to write results.json (default: beside the history)", HelpName = "DIR" };
        var timeLimit = new Option<string>("--time-limit")
        {
            Description = "time budget of the linearizability search; past it the search answers unknown",
            DefaultValueFactory = _ => "30s",
            HelpName = "DURATION",
        };
        var search = new Option<string>("--search")
        {
            Description = "for fenced-lease, also run the general search beside the fast path: on or off",
            DefaultValueFactory = _ => "on",
            HelpName = "on|off",
        };
        var memory = new Option<int>("--memory-limit-mb")
        {
            Description = "memory the search may hold (memo, stack, per-key arrays), in MiB; reached, it answers unknown",
            DefaultValueFactory = _ => 1024,
            HelpName = "MIB",
        };
        var junit = new Option<string?>("--junit") { Description = "also write JUnit XML here (one test case, failed when invalid), for CI dashboards", HelpName = "FILE" };
        var command = new Command("check", """
            Check a history and write results.json. Exit 0 valid, 1 invalid, 2 unknown, 64 bad usage, 65 malformed history.

            Examples:
              check store/latest/history.jsonl
              check other-tool.jsonl --model cas-register --time-limit 2m --out /tmp/results
              check big.jsonl --search off
              check store/latest/history.jsonl --junit results/junit.xml
            """)
        {
            history, model, outDir, timeLimit, search, memory, junit,
        };
        command.SetAction((parse, cancel) =>
        {
            var path = parse.GetValue(history)!;
            var options = new CheckOptions(
                path,
                Models(parse.GetValue(model)!),
                parse.GetValue(outDir) ?? Path.GetDirectoryName(Path.GetFullPath(path))!,
                DurationOption.Parse("--time-limit", parse.GetValue(timeLimit)!),
                OnOff("--search", parse.GetValue(search)!),
                Positive("--memory-limit-mb", parse.GetValue(memory)) * (1L << 20))
            {
                Junit = parse.GetValue(junit),
            };
            return Task.FromResult(new CheckVerb(stdout, stderr).Run(options, cancel));
        });
        return command;
    }

    private static string Models(string model) =>
        LinearizabilityChecker.ModelNames.Contains(model)
            ? model
            : throw new UsageException($"--model \"{model}\" is not a model; the models are {string.Join(", ", LinearizabilityChecker.ModelNames)}");

    private static bool OnOff(string option, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new UsageException($"{option} takes on or off, not \"{value}\""),
    };

    private static int Positive(string option, int value) =>
        value > 0 ? value : throw new UsageException($"{option} takes a positive number, not {value}");
}
