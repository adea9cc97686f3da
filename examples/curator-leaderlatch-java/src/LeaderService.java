import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * A service that does its work on one instance only, elected with Apache Curator's
 * LeaderLatch on ZooKeeper, as Curator's documentation and the usual tutorials set it up.
 */
public final class LeaderService {
    private static final String LATCH_PATH = "/leader-latch";
    private static final int CURATOR_CONNECTION_TIMEOUT_MS = 15_000;

    private LeaderService() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment();
        Log.node(settings.node());
        Ledger ledger = new Ledger(settings.ledger());

        CuratorFramework client = CuratorFrameworkFactory.newClient(
                settings.servers(),
                settings.ttlMs(),
                Math.min(settings.ttlMs(), CURATOR_CONNECTION_TIMEOUT_MS),
                new ExponentialBackoffRetry(1000, 3));
        client.getConnectionStateListenable().addListener((c, state) -> Log.info("connection " + state));
        client.start();

        LeaderLatch latch = new LeaderLatch(client, LATCH_PATH, settings.node());
        Leadership leadership = new Leadership(latch::hasLeadership);
        Campaign campaign = new Campaign(latch, leadership, ledger);
        latch.addListener(campaign);

        var status = StatusServer.start(settings.statusPort(), "/leader", leadership);
        LeaderDuties duties = new LeaderDuties(leadership, ledger, settings.jobIntervalMs());
        Thread worker = new Thread(duties, "leader-duties");
        worker.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Log.info("SIGTERM: closing the latch");
            campaign.close();
            duties.stop();
            client.close();
            status.stop(0);
            stopped.countDown();
        }, "shutdown"));

        Log.info("campaigning on " + settings.servers() + " with a session of " + settings.ttlMs() + " ms");
        campaign.start();
        stopped.await();
    }
}
