import java.util.Map;

/** What the harness tells this instance through its environment (docs/candidate.md). */
record Settings(String node, String servers, int ttlMs, int jobIntervalMs, int statusPort, String ledger) {

    static Settings fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new Settings(
                required(env, "EJ_NODE"),
                required(env, "EJ_SERVERS"),
                Integer.parseInt(env.getOrDefault("EJ_TTL_MS", "5000")),
                Integer.parseInt(env.getOrDefault("EJ_JOB_INTERVAL_MS", "1000")),
                Integer.parseInt(required(env, "EJ_STATUS_PORT")),
                required(env, "EJ_LEDGER").replaceAll("/+$", ""));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}
