using System.CommandLine;
using System.Text.Json;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Verbs.List;

/// <summary>
/// The <c>list</c> verb: what the harness knows, for scripts, from the owners of the names:
/// its backends (<see cref="BackendNames"/>), its faults (<see cref="NemesisNames"/>) and the
/// samples of an examples folder (<see cref="SampleListing"/>). A name a line, or one JSON
/// array with <c>--json</c>; nothing else on standard output.
/// </summary>
public static class ListCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var json = new Option<bool>("--json") { Description = "one JSON array instead of a line each", Recursive = true };
        var command = new Command("list", """
            List what the harness knows, for scripts: a name a line on standard output, or one
            JSON array with --json. The names come from where the harness keeps them, so a
            script that reads them follows every backend, fault or sample added.

            Examples:
              list backends                        what --backend takes, a name a line
              list nemeses                         the faults --nemesis takes (with none, all, a,b and a+b)
              list samples                         NAME BACKEND a line: each folder of ./examples whose
                                                   candidate.json reads, with the first backend it lists
              list samples --examples ../mine      the samples of another folder
              list backends --json                 ["redis","redlock",...]
              list samples --json                  [{"name":"redis-py-lock","backend":"redis"},...]
            """)
        {
            json,
            Backends(json, stdout),
            Names("nemeses", "The faults, in the order the harness lists them: what --nemesis takes, alone, in comma lists (drawn in turn) or joined by + (together); none and all are not listed.", _ => NemesisNames.Faults, json, stdout),
            SampleListing.Build(json, stdout, stderr),
        };
        return command;
    }

    /// <summary>The backends (every one runs on either runtime).</summary>
    private static Command Backends(Option<bool> json, TextWriter stdout) =>
        Names("backends", "The backends, in the order the harness lists them: what --backend takes, on either runtime.", _ => BackendNames.All, json, stdout);

    /// <summary>Writes <paramref name="items"/> as one JSON array on a line.</summary>
    internal static void WriteJson<T>(TextWriter stdout, IReadOnlyList<T> items) => stdout.WriteLine(JsonSerializer.Serialize(items, Json));

    private static Command Names(string name, string description, Func<ParseResult, IReadOnlyList<string>> names, Option<bool> json, TextWriter stdout)
    {
        var command = new Command(name, description);
        command.SetAction(parse =>
        {
            var listed = names(parse);
            if (parse.GetValue(json)) WriteJson(stdout, listed);
            else foreach (var n in listed) stdout.WriteLine(n);
            return 0;
        });
        return command;
    }
}
