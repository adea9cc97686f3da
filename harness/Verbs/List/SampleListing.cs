using System.CommandLine;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Verbs.List;

/// <summary>The <c>list samples</c> command.</summary>
internal static class SampleListing
{
    public static Command Build(Option<bool> json, TextWriter stdout, TextWriter stderr)
    {
        var examples = new Option<string?>("--examples")
        {
            Description = "the folder of samples (default: ./examples, where --candidate all looks)",
            HelpName = "DIR",
        };
        var command = new Command("samples", """
            The samples: each folder of the examples folder whose candidate.json reads, as
            NAME BACKEND a line (the folder's name, the first backend its candidate.json lists),
            in the order --candidate all runs them. A folder whose candidate.json does not read
            is left out, with its mistake on standard error.
            """)
        {
            examples,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(examples) ?? MatrixRows.Examples;
            if (!Directory.Exists(dir)) throw new UsageException($"there is no folder {dir}: give the samples' folder with {examples.Name}, or run from the repository's root (its examples)");
            var samples = ListedSample.In(dir, why => stderr.WriteLine($"left out: {TerminalText.Escape(why)}"));
            if (parse.GetValue(json)) ListCommand.WriteJson(stdout, samples);
            else foreach (var s in samples) stdout.WriteLine($"{TerminalText.Escape(s.Name)} {s.Backend}");
            return 0;
        });
        return command;
    }
}
