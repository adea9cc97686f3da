import java.time.Instant;

/** One line per thing that happened, with a UTC timestamp and the node's name. */
final class Log {
    private static String node = "?";

    private Log() {
    }

    static void node(String name) {
        node = name;
    }

    static synchronized void info(String text) {
        System.out.println(Instant.now() + " " + node + " " + text);
        System.out.flush();
    }
}
