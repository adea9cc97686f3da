using System.Diagnostics;
using System.Net.Sockets;

namespace ElectionJepsen.Workloads.Tests.Contract;

/// <summary>A redis-server of the test's own on 127.0.0.1, on a spare port, stopped when disposed.</summary>
public sealed class RedisServer : IDisposable
{
    public const string Program = "/usr/bin/redis-server";

    private readonly Process _process;

    public RedisServer()
    {
        Port = CandidateProcess.SparePort();
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" }) start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        var until = Stopwatch.StartNew();
        while (!Serves())
        {
            if (until.Elapsed > TimeSpan.FromSeconds(10) || _process.HasExited) throw new InvalidOperationException($"redis-server did not serve on port {Port}");
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    public static bool Installed => File.Exists(Program);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }

    private bool Serves()
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
