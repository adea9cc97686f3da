using System.CommandLine;
using System.Globalization;

namespace ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;

/// <summary>
/// The packet delayer's command line, both ways: <see cref="Arguments"/> is what the delay
/// nemesis starts a delayer with, the options (<see cref="AddTo"/>, <see cref="Read"/>) are
/// what the <c>delayer</c> verb makes of it; and <see cref="Ready"/>, the line a delayer
/// prints once its queue is bound, which the nemesis waits for.
/// </summary>
public sealed class DelayerCommandLine
{
    /// <summary>The verb's name, the first argument after the harness's path.</summary>
    public const string Verb = "delayer";

    public const string Ready = "delayer ready";

    private const string QueueOption = "--queue";
    private const string SeedOption = "--seed";

    private readonly Option<int> _queue = new(QueueOption) { Description = "the NFQUEUE number to serve", DefaultValueFactory = _ => 0, HelpName = "N" };
    private readonly Option<int> _seed = new(SeedOption) { Description = "seed of the delays drawn", DefaultValueFactory = _ => 0, HelpName = "N" };
    private readonly DelayOptions _profile = new();

    /// <summary>The arguments that start a delayer serving <paramref name="queue"/>, after the harness's path.</summary>
    public static IReadOnlyList<string> Arguments(int queue, int seed, DelayProfile profile) =>
        [Verb, QueueOption, queue.ToString(CultureInfo.InvariantCulture), SeedOption, seed.ToString(CultureInfo.InvariantCulture), .. DelayOptions.ToArguments(profile)];

    public void AddTo(Command command)
    {
        command.Options.Add(_queue);
        command.Options.Add(_seed);
        _profile.AddTo(command);
    }

    /// <summary>The queue, the seed and the profile a delayer was started with.</summary>
    public (int Queue, int Seed, DelayProfile Profile) Read(ParseResult parse) => (parse.GetValue(_queue), parse.GetValue(_seed), _profile.Read(parse));
}
