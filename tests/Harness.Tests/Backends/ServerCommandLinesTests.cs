using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Etcd;
using ElectionJepsen.Harness.Backends.Postgres;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Backends.ZooKeeper;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>
/// The servers' command lines and files on a run's hosts, spelled out: the functions the
/// backends and the compose file share must give the hosts exactly these.
/// </summary>
public sealed class ServerCommandLinesTests
{
    [Fact]
    public void A_redis_server_listens_on_its_hosts_address_and_keeps_nothing_on_disk()
    {
        Assert.Equal(
            ["--port", "6379", "--bind", "10.77.0.11", "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", "/run/nodes/n1/redis-data"],
            RedisBackend.Arguments("10.77.0.11", "/run/nodes/n1/redis-data"));
    }

    [Fact]
    public void An_etcd_member_listens_and_advertises_on_its_hosts_address_with_the_tuning_of_the_settings()
    {
        var cluster = EtcdBackend.Cluster([("n1", "10.77.0.11"), ("n2", "10.77.0.12")]);

        Assert.Equal("n1=http://10.77.0.11:2380,n2=http://10.77.0.12:2380", cluster);
        Assert.Equal(
            ["--name", "n2", "--data-dir", "/d",
             "--listen-peer-urls", "http://10.77.0.12:2380", "--initial-advertise-peer-urls", "http://10.77.0.12:2380",
             "--listen-client-urls", "http://10.77.0.12:2379", "--advertise-client-urls", "http://10.77.0.12:2379",
             "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", "ej-r1",
             "--heartbeat-interval", "100", "--election-timeout", "1000", "--pre-vote"],
            EtcdBackend.Arguments("n2", "/d", "10.77.0.12", "10.77.0.12", cluster, "ej-r1", ServerSettings.Default));
        Assert.DoesNotContain("--pre-vote", EtcdBackend.Arguments("n2", "/d", "0.0.0.0", "etcd2", cluster, "t", ServerSettings.Default with { EtcdPreVote = false }));
    }

    [Fact]
    public void A_zookeeper_config_widens_the_session_bounds_to_the_ttl_and_lists_every_server()
    {
        var config = ZooKeeperBackend.Config(ServerSettings.Default, TimeSpan.FromSeconds(30), "/d", "10.77.0.11", ["10.77.0.11", "10.77.0.12", "10.77.0.13"]);

        Assert.Equal("""
            tickTime=500
            minSessionTimeout=1000
            maxSessionTimeout=30000
            initLimit=10
            syncLimit=4
            dataDir=/d
            clientPort=2181
            clientPortAddress=10.77.0.11
            admin.enableServer=false
            4lw.commands.whitelist=srvr,stat,ruok,mntr
            server.1=10.77.0.11:2888:3888
            server.2=10.77.0.12:2888:3888
            server.3=10.77.0.13:2888:3888

            """, config);
        Assert.Equal("3", ZooKeeperBackend.MyId(2));
        Assert.Equal(
            ["-Xmx256m", "-cp", "/c:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar",
             "-Dlog4j.configuration=file:/c/log4j.properties", "org.apache.zookeeper.server.quorum.QuorumPeerMain", "/c/zoo.cfg"],
            ZooKeeperBackend.Arguments("/c"));
    }

    [Fact]
    public void A_postgres_data_folder_trusts_the_candidates_user_and_its_hosts_subnet()
    {
        Assert.Equal(["-D", "/d", "--auth=trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"], PostgresBackend.InitdbArguments("/d"));
        Assert.Equal("host all all 10.77.0.0/24 trust\n", PostgresBackend.Trust("10.77.0.0/24"));
        Assert.Equal(["--reuid=postgres", "--regid=postgres", "--clear-groups"], PostgresBackend.AsSystemUser);
        Assert.Equal(["-c", "listen_addresses=10.77.0.11", "-c", "port=5432", "-c", "unix_socket_directories="], PostgresBackend.Settings("10.77.0.11", TimeSpan.FromSeconds(5)).Take(6));
    }
}
