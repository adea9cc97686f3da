import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** GET /leader: whether this instance believes it leads, and its token. */
final class StatusServer {
    /** Room for the questions that queue while the process is paused: the newest must not be dropped. */
    private static final int BACKLOG = 128;

    private StatusServer() {
    }

    static HttpServer start(int port, String path, Leadership leadership) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), BACKLOG);
        server.createContext(path, exchange -> answer(exchange, leadership));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, Leadership leadership) throws IOException {
        long token = leadership.current();
        byte[] body = (token >= 0 ? "{\"leader\":true,\"token\":" + token + "}" : "{\"leader\":false}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
