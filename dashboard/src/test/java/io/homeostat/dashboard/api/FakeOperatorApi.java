package io.homeostat.dashboard.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A stand-in for the detector's and planner's operator APIs on one local HTTP server (under {@code /detector} and
 * {@code /planner}), authorising like {@code ApiAuthFilter}: only {@code Bearer good-token} passes, anything else is
 * a 401. It records every request as it arrived, so a test can check what the dashboard forwarded. (The real services
 * behind the dashboard are exercised by the e2e test {@code DashboardE2eTest}.)
 */
public class FakeOperatorApi implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "good-token";

    /** One request as the fake service saw it. */
    public record Seen(String method, String pathAndQuery, String authorization, String body) {}

    public static final ConcurrentLinkedDeque<Seen> SEEN = new ConcurrentLinkedDeque<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", FakeOperatorApi::answer);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("homeostat.dashboard.detector-url", base + "/detector",
                "homeostat.dashboard.planner-url", base + "/planner");
    }

    private static void answer(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String raw = x.getRequestURI().getRawPath() + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery());
        SEEN.add(new Seen(x.getRequestMethod(), raw, auth, body));
        if (!("Bearer " + TOKEN).equals(auth)) {
            send(x, 401, "{\"error\":\"unknown token\"}");
        } else if (raw.endsWith("/conflict/approve")) {
            send(x, 409, "{\"error\":\"already approved by e2e\"}");
        } else {
            send(x, 200, "{\"served\":\"" + raw.replace("\"", "") + "\"}");
        }
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
