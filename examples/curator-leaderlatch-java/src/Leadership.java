import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Whether this instance believes it leads, and with which token. It leads while the latch's
 * {@code hasLeadership()} says so and the listener has been told of the grant; a write or job
 * in flight holds {@code acting}, so that losing leadership waits for it and no write follows.
 */
final class Leadership {
    private final Object acting = new Object();
    private final BooleanSupplier latchSaysLeader;
    private volatile boolean leading;
    private volatile long token;

    Leadership(BooleanSupplier latchSaysLeader) {
        this.latchSaysLeader = latchSaysLeader;
    }

    /** The token this instance leads with, or -1 when it does not believe it leads. */
    long current() {
        long held = token;
        return leading && latchSaysLeader.getAsBoolean() ? held : -1;
    }

    void lead(long grant) {
        synchronized (acting) {
            token = grant;
            leading = true;
        }
    }

    /** Stops leading once no write or job is in flight: the token it led with, or -1. */
    long lose() {
        synchronized (acting) {
            long was = leading ? token : -1;
            leading = false;
            return was;
        }
    }

    /** Runs {@code action} with the token while this instance believes it leads, holding off {@link #lose()}. */
    boolean whileLeading(LongConsumer action) {
        synchronized (acting) {
            long held = current();
            if (held < 0) {
                return false;
            }
            action.accept(held);
            return true;
        }
    }
}
