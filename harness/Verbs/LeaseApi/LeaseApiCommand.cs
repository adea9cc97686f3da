using System.CommandLine;
using System.Net;
using ElectionJepsen.Harness.Backends.Kubernetes;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Verbs.LeaseApi;

/// <summary>
/// <c>lease-api</c>: the local stand-in for kube-apiserver that the <c>kubernetes</c> backend
/// starts on its own host (see <see cref="LeaseApiServer"/>); it runs until SIGTERM.
/// </summary>
public static class LeaseApiCommand
{
    public static Command Build(TextWriter stdout)
    {
        var listen = new Option<string>("--listen") { Description = "address and port to serve on", Required = true, HelpName = "IP:PORT" };
        var etcd = new Option<string>("--etcd") { Description = "the etcd endpoints that keep the Leases, comma separated", Required = true, HelpName = "URLS" };
        var timeout = new Option<string>("--etcd-timeout") { Description = "timeout of each request to etcd", DefaultValueFactory = _ => "2s", HelpName = "DURATION" };
        var command = new Command("lease-api", """
            Serve the part of the Kubernetes API that leader election and kubectl use for Leases,
            keeping the Leases in etcd (the kubernetes backend starts this on its own host).

            Example:
              lease-api --listen 10.77.0.14:8080 --etcd http://10.77.0.11:2379,http://10.77.0.12:2379
            """)
        {
            listen, etcd, timeout,
        };
        command.SetAction(async (parse, cancel) =>
        {
            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var at) || at.Port == 0)
            {
                throw new UsageException($"--listen takes IP:PORT, not \"{parse.GetValue(listen)}\"");
            }

            var limit = DurationOption.Parse("--etcd-timeout", parse.GetValue(timeout)!);
            using var client = new dotnet_etcd.EtcdClient(parse.GetValue(etcd)!);
            await new LeaseApiServer(client, limit).RunAsync(at, stdout, cancel);
            return ExitCodes.Valid;
        });
        return command;
    }
}
