using System.Globalization;
using System.Net;
using ElectionJepsen.Workloads.ZooKeeper;

// Opens a session with our ZooKeeper client on the servers given (host:port, comma
// separated) with the session timeout given (ms), creates an ephemeral znode under /probe,
// prints "session ID PATH", then prints every state change of the session ("state STATE:
// WHY") until it is killed. The client tests pause it past its session timeout.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: ElectionJepsen.ZooKeeperProbe HOST:PORT[,HOST:PORT...] SESSION-TIMEOUT-MS");
    return 64;
}

var servers = args[0].Split(',').Select(s => IPEndPoint.Parse(s)).ToList();
var timeout = TimeSpan.FromMilliseconds(int.Parse(args[1], CultureInfo.InvariantCulture));
await using var session = await ZooKeeperSession.ConnectAsync(servers, timeout, TimeSpan.FromSeconds(2));
session.StateChanged += (state, why) => Console.WriteLine($"state {state}: {why}");
try
{
    await session.CreateAsync("/probe", [], CreateMode.Persistent);
}
catch (ZooKeeperException e) when (e.Code == ZooKeeperError.NodeExists)
{
}

var created = await session.CreateAsync("/probe/e-", [], CreateMode.EphemeralSequential);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"session {session.SessionId:x} {created.Path}"));
await Task.Delay(Timeout.Infinite);
return 0;
