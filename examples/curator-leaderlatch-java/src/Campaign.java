import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;

/**
 * The latch's campaign, told to the ledger: an acquire is reported before the latch starts,
 * and again whenever it lost leadership (the latch then campaigns again on its own: on
 * RECONNECTED it resets and creates a new znode); it ends {@code ok} with the token when
 * the listener hears {@code isLeader}. The token is the sequence number of the latch's znode.
 */
final class Campaign implements LeaderLatchListener {
    private static final String LATCH = "latch-";

    private final LeaderLatch latch;
    private final Leadership leadership;
    private final Ledger ledger;
    private volatile boolean closing;
    private boolean wonWhileClosing;

    Campaign(LeaderLatch latch, Leadership leadership, Ledger ledger) {
        this.latch = latch;
        this.leadership = leadership;
        this.ledger = ledger;
    }

    void start() throws Exception {
        invoke();
        latch.start();
    }

    @Override
    public synchronized void isLeader() {
        if (closing) {
            wonWhileClosing = true;
            return;
        }
        String path = latch.getOurPath();
        long token = sequence(path);
        ledger.op("acquire", "ok", ",\"value\":{\"token\":" + token + "}");
        leadership.lead(token);
        ledger.event("became leader with token " + token + " (" + path + ")");
    }

    @Override
    public synchronized void notLeader() {
        long was = leadership.lose();
        if (was >= 0) {
            ledger.event("lost leadership " + was);
        }
        if (!closing) {
            invoke();
        }
    }

    /** SIGTERM: resign if leading, and close the latch (which deletes its znode). */
    void close() {
        long was;
        boolean recorded = false;
        closing = true;
        synchronized (this) {
            was = leadership.lose();
            if (was >= 0) {
                recorded = ledger.op("release", "invoke", ",\"value\":{\"token\":" + was + "}") == 200;
            }
        }
        try {
            latch.close();
        } catch (Exception e) {
            Log.info("closing the latch failed: " + e);
        }
        synchronized (this) {
            if (was >= 0) {
                if (recorded) {
                    ledger.op("release", "ok", "");
                }
                ledger.event("resigned leadership " + was);
            } else if (wonWhileClosing) {
                ledger.op("acquire", "info", ",\"error\":\"won as the latch was closing\"");
            } else {
                ledger.op("acquire", "fail", ",\"error\":\"closed before it won\"");
            }
        }
    }

    /** Reports a campaign's start, and waits until it is on record (or the service stops): only then may the latch campaign. */
    private void invoke() {
        while (!closing && ledger.op("acquire", "invoke", "") != 200) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The znode's sequence number: the digits after "latch-" in {@code .../_c_<uuid>-latch-0000000007}. */
    static long sequence(String path) {
        return Long.parseLong(path.substring(path.lastIndexOf(LATCH) + LATCH.length()));
    }
}
