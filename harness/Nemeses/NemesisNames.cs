using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Nemeses;

/// <summary>The values of <c>--nemesis</c>: names, comma lists, <c>a+b</c> (together), <c>all</c> and <c>none</c>.</summary>
public static class NemesisNames
{
    public const string Partition = "partition";
    public const string Pause = "pause";
    public const string Kill = "kill";
    public const string Clock = "clock";
    public const string Loss = "loss";
    public const string Delay = "delay";
    public const string None = "none";
    public const string All = "all";

    /// <summary>Every fault.</summary>
    public static IReadOnlyList<string> Faults { get; } = [Partition, Pause, Kill, Clock, Loss, Delay];

    /// <summary>The faults named, in order, without repeats; an empty list for none.</summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw Usage(text);
        var result = new List<string>();
        foreach (var name in names)
        {
            if (name.Contains(ComposedNemesis.Separator))
            {
                result.Add(Composed(name));
                continue;
            }

            if (name == None) continue;
            if (name == All) result.AddRange(Faults);
            else if (Faults.Contains(name)) result.Add(name);
            else throw Usage(name);
        }

        return [.. result.Distinct()];
    }

    /// <summary>The faults of <c>a+b</c>, together at once: two or more different faults.</summary>
    public static IReadOnlyList<string> Parts(string name) => name.Split(ComposedNemesis.Separator);

    private static string Composed(string text)
    {
        var parts = text.Split(ComposedNemesis.Separator, StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            if (part is All or None || part.Length == 0 || Parse(part).Count != 1) throw Usage(part);
        }

        if (parts.Length < 2 || parts.Distinct().Count() != parts.Length)
        {
            throw new UsageException($"--nemesis \"{text}\": faults joined by + are put in force together, and must be two or more different ones");
        }

        return string.Join(ComposedNemesis.Separator, parts);
    }

    private static UsageException Usage(string name) =>
        new($"--nemesis \"{name}\" is not a nemesis; use one of {string.Join(", ", Faults)}, a comma list of them (each drawn in turn), faults joined by + (together), {All} or {None}");
}
