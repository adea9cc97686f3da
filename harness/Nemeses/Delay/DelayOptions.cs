using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Nemeses.Delay;

/// <summary>
/// The command-line options of a <see cref="DelayProfile"/>, owned in one place: the run
/// adds them for <c>--nemesis delay</c>, the delayer verb reads them, and
/// <see cref="ToArguments"/> prints a profile back as the same options (the delayer's
/// command line, the rerun command).
/// </summary>
public sealed partial class DelayOptions
{
    private const string Normal = "normal";
    private const string Uniform = "uniform";

    public Option<string?> Profile { get; } = new("--delay-profile")
    {
        Description = $"a named slow network: {string.Join(", ", DelayProfile.Named.Select(kv => $"{kv.Key} ({kv.Value})"))}; the options below change it",
        HelpName = "NAME",
    };

    public Option<string?> Delay { get; } = new("--delay") { Description = "mean delay of each packet leaving a slowed host (default 50ms)", HelpName = "DURATION" };

    public Option<string?> Jitter { get; } = new("--jitter") { Description = "spread of the delay (default 10ms): reorders packets closer than it", HelpName = "DURATION" };

    public Option<string?> Distribution { get; } = new("--jitter-distribution") { Description = "normal (jitter is one standard deviation) or uniform (jitter is the half-width)", HelpName = "normal|uniform" };

    public Option<string?> Duplicate { get; } = new("--duplicate") { Description = "share of packets sent twice, e.g. 1% or 0.01", HelpName = "SHARE" };

    public Option<string?> Loss { get; } = new("--delay-loss") { Description = "share of the slowed packets dropped, e.g. 2%", HelpName = "SHARE" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Profile, Delay, Jitter, Distribution, Duplicate, Loss }) command.Options.Add(o);
    }

    public DelayProfile Read(ParseResult parse)
    {
        var name = parse.GetValue(Profile);
        var profile = name is null ? DelayProfile.Default
            : DelayProfile.Named.TryGetValue(name, out var named) ? named
            : throw new UsageException($"{Profile.Name} \"{name}\" is not a profile; the profiles are {string.Join(", ", DelayProfile.Named.Keys)}");
        if (parse.GetValue(Delay) is { } delay) profile = profile with { Delay = NonNegative(Delay.Name, delay) };
        if (parse.GetValue(Jitter) is { } jitter) profile = profile with { Jitter = NonNegative(Jitter.Name, jitter) };
        if (parse.GetValue(Distribution) is { } d)
        {
            profile = profile with
            {
                Distribution = d switch
                {
                    Normal => JitterDistribution.Normal,
                    Uniform => JitterDistribution.Uniform,
                    _ => throw new UsageException($"{Distribution.Name} takes {Normal} or {Uniform}, not \"{d}\""),
                },
            };
        }

        if (parse.GetValue(Duplicate) is { } dup) profile = profile with { Duplicate = Share(Duplicate.Name, dup) };
        if (parse.GetValue(Loss) is { } loss) profile = profile with { Loss = Share(Loss.Name, loss) };
        return profile;
    }

    /// <summary>The options that give exactly this profile.</summary>
    public static IReadOnlyList<string> ToArguments(DelayProfile profile) => new DelayOptions().Print(profile);

    private IReadOnlyList<string> Print(DelayProfile profile) =>
    [
        Delay.Name, DelayProfile.Ms(profile.Delay), Jitter.Name, DelayProfile.Ms(profile.Jitter),
        Distribution.Name, profile.Distribution == JitterDistribution.Normal ? Normal : Uniform,
        Duplicate.Name, profile.Duplicate.ToString("R", CultureInfo.InvariantCulture),
        Loss.Name, profile.Loss.ToString("R", CultureInfo.InvariantCulture),
    ];

    /// <summary>A duration, or none at all: 0 in any unit (<c>0</c>, <c>0ms</c>, <c>0.0s</c>).</summary>
    private static TimeSpan NonNegative(string option, string text) =>
        ZeroDuration().IsMatch(text.Trim()) ? TimeSpan.Zero : DurationOption.Parse(option, text);

    [GeneratedRegex(@"^0+(\.0+)?(ms|s|m|h)?$")]
    private static partial Regex ZeroDuration();

    private static double Share(string option, string text)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (!double.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v))
        {
            throw new UsageException($"{option} takes a share such as 1% or 0.01, not \"{text}\"");
        }

        v = percent ? v / 100 : v;
        return v is >= 0 and <= 1 ? v : throw new UsageException($"{option} takes a share from 0 to 1 (or 0% to 100%), not \"{text}\"");
    }
}
