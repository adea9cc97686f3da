import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The harness's ledger: the resource the leader protects, and where campaigns are reported. */
final class Ledger {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final String base;

    Ledger(String base) {
        this.base = base;
    }

    /** Posts a JSON body: the answer's status, or -1 when the ledger could not be asked. */
    int post(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    int write(long token, long seq) {
        return post("/write", "{\"token\":" + token + ",\"seq\":" + seq + "}");
    }

    int job(long slot, long token) {
        return post("/job", "{\"slot\":" + slot + ",\"token\":" + token + "}");
    }

    /** Reports a campaign or a resignation: {@code type} is invoke, ok, fail or info. */
    int op(String f, String type, String rest) {
        return post("/op", "{\"f\":\"" + f + "\",\"type\":\"" + type + "\"" + rest + "}");
    }

    void event(String text) {
        Log.info(text);
        post("/event", "{\"text\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
