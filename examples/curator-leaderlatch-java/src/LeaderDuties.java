/** The leader's work: a write to the ledger every 100 ms, and a job for each slot that falls due. */
final class LeaderDuties implements Runnable {
    private static final long WRITE_EVERY_MS = 100;

    private final Leadership leadership;
    private final Ledger ledger;
    private final int jobIntervalMs;
    private volatile boolean stopped;

    LeaderDuties(Leadership leadership, Ledger ledger, int jobIntervalMs) {
        this.leadership = leadership;
        this.ledger = ledger;
        this.jobIntervalMs = jobIntervalMs;
    }

    @Override
    public void run() {
        long seq = 0;
        long last = System.currentTimeMillis() / jobIntervalMs;
        while (!stopped) {
            try {
                Thread.sleep(WRITE_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            long next = seq + 1;
            if (leadership.whileLeading(token -> refused("write", token, ledger.write(token, next)))) {
                seq = next;
            }
            long slot = System.currentTimeMillis() / jobIntervalMs;
            if (slot != last) {
                leadership.whileLeading(token -> refused("job", token, ledger.job(slot, token)));
            }
            last = slot;
        }
    }

    void stop() {
        stopped = true;
    }

    private static void refused(String what, long token, int status) {
        if (status == 409) {
            Log.info(what + " with token " + token + " refused by the ledger");
        }
    }
}
