using System.Globalization;
using ElectionJepsen.Checkers.Results;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ElectionJepsen.Harness.Run.Live;

/// <summary>
/// Draws a <see cref="LiveSnapshot"/>: the matrix's progress above, then a panel with the time
/// against the limit as a bar, the fault in force, the ledger's counts, the leaderless time so
/// far, the history's size, each candidate with what it last said, and the latest log lines.
/// </summary>
public static class LivePanel
{
    public const int BarWidth = 40;

    public static IRenderable Render(LiveSnapshot s)
    {
        var facts = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        facts.AddRow(Label("time"), new Markup($"{Bar(s.Elapsed, s.Limit)} {Seconds(s.Elapsed)} of {Seconds(s.Limit)}"));
        facts.AddRow(Label("fault"), new Markup(Markup.Escape(s.Fault), IsQuiet(s.Fault) ? Style.Plain : new Style(Color.Yellow)));
        facts.AddRow(Label("ledger"), new Markup(Invariant($"[green]{s.Accepted:N0}[/] accepted, {(s.Refused > 0 ? "[red]" : "[default]")}{s.Refused:N0}[/] refused")));
        facts.AddRow(Label("leaderless"), new Markup($"{Markup.Escape(Durations.Format((long)s.Leaderless.TotalNanoseconds))} so far [grey](live estimate; the verdict's failover figures are the checker's)[/]"));
        facts.AddRow(Label("history"), new Markup(Invariant($"{s.Events:N0} events")));

        var candidates = new Table().Border(TableBorder.Simple).AddColumn("candidate").AddColumn("last said");
        foreach (var c in s.Candidates) candidates.AddRow(new Markup(Markup.Escape(c.Node)), new Markup(Said(c)));

        var parts = new List<IRenderable> { facts, candidates };
        if (s.Log.Count > 0) parts.Add(new Rows(s.Log.Select(l => new Markup($"[grey]{Markup.Escape(l)}[/]"))));
        var panel = new Panel(new Rows(parts)).Header($" {Markup.Escape(s.Title)} ").Border(BoxBorder.Rounded).Expand();
        return s.Matrix is { } m ? new Rows(new Markup(Matrix(m)), panel) : panel;
    }

    /// <summary>What a candidate last said, in words and colour.</summary>
    public static string Said(CandidateLine c) => c.State switch
    {
        CandidateState.Leader => c.Token is { } token ? Invariant($"[green bold]leader[/], token {token}") : "[green bold]leader[/], no token",
        CandidateState.Follower => "follower",
        CandidateState.NoAnswer => "[yellow]no answer[/]",
        CandidateState.Paused => "[blue]paused[/]",
        CandidateState.Killed => "[red]killed[/]",
        _ => "[grey]not asked yet[/]",
    };

    /// <summary>The elapsed time against the limit: full blocks for what is done, light shade for what is left.</summary>
    public static string Bar(TimeSpan elapsed, TimeSpan limit)
    {
        var fraction = limit <= TimeSpan.Zero ? 1 : Math.Clamp(elapsed / limit, 0, 1);
        var done = (int)Math.Round(fraction * BarWidth);
        return $"[green]{new string('█', done)}[/][grey]{new string('░', BarWidth - done)}[/]";
    }

    private static string Matrix(MatrixProgress m)
    {
        var left = m.Left is { } l ? $"about {Minutes(l)} left" : "time left known once the first run ends";
        return $"[bold]matrix[/]  run {m.Run} of {m.Runs}: {Markup.Escape(m.Backend)} under {Markup.Escape(m.Nemesis)}, {left}";
    }

    private static bool IsQuiet(string fault) => fault is "no fault" or "healed" or "no nemesis";

    private static Markup Label(string text) => new($"[bold]{text}[/]");

    private static string Seconds(TimeSpan t) => Invariant($"{(long)t.TotalSeconds} s");

    private static string Minutes(TimeSpan t) => t.TotalMinutes >= 1 ? Invariant($"{(int)t.TotalMinutes} min {t.Seconds:00} s") : Seconds(t);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
