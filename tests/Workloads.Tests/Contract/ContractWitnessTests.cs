using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Contract;
using ElectionJepsen.Workloads.Control;

namespace ElectionJepsen.Workloads.Tests.Contract;

/// <summary>The contract's witness without a ledger: every act is one line on standard output, and nothing is refused.</summary>
public class ContractWitnessTests
{
    [Fact]
    public async Task Without_a_ledger_every_act_is_one_line_naming_the_candidate()
    {
        var output = new StringWriter();
        using var witness = new ContractWitness("c2", null, output);
        IWitness w = witness;

        await w.AnnounceAsync(ControlFunctions.Acquire, null, CancellationToken.None);
        await w.ReportAsync(1, ControlFunctions.Acquire, Outcomes.Ok, 7);
        var write = await w.WriteAsync(7, 1, CancellationToken.None);
        var job = await w.JobAsync(1764432000, 7, CancellationToken.None);
        await w.EventAsync("became leader with token 7");

        Assert.Null(write);
        Assert.Null(job);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                """c2 /op {"f":"acquire","type":"invoke"}""",
                """c2 /op {"f":"acquire","type":"ok","value":{"token":7}}""",
                """c2 /write {"token":7,"seq":1}""",
                """c2 /job {"slot":1764432000,"token":7}""",
                """c2 /event {"text":"became leader with token 7"}""",
            ],
            lines.Select(l => l.TrimEnd('\r')[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
        Assert.All(lines, l => Assert.True(DateTime.TryParse(l[..l.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture, out _), l));
    }

    [Fact]
    public async Task A_note_on_a_resignation_that_succeeded_becomes_an_event()
    {
        var output = new StringWriter();
        using var witness = new ContractWitness("c1", null, output);

        await witness.ReportAsync(1, ControlFunctions.Release, Outcomes.Ok, 7, "no longer ours");

        Assert.Contains("""c1 /op {"f":"release","type":"ok","value":{"token":7}}""", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("""c1 /event {"text":"release of token 7: no longer ours"}""", output.ToString(), StringComparison.Ordinal);
    }
}
