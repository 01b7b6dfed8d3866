package io.homeostat.e2e.fault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy between a service and an emulator (moto, ElasticMQ, DynamoDB Local) that records every AWS call and can
 * answer chosen calls with a fault instead of forwarding them: throttling, 5xx or AccessDenied.
 * It is how the end-to-end tests break the world for real without any test hook in production code: the service under
 * test is simply configured with the proxy as its endpoint.
 *
 * <p>Signatures are not re-computed: the emulators here do not verify SigV4.
 */
public final class FaultProxy implements AutoCloseable {

    /** Request headers the JDK client sets itself (or refuses to set). */
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    /** One call that reached the proxy, and what it answered. */
    public record Call(Instant at, String method, String path, String action, String body, int status, boolean faulted) {}

    /** What to answer instead of forwarding. */
    public record Fault(int status, Map<String, String> headers, String body) {

        /** Status of {@link #unreachable()}: no answer at all, the connection is dropped. */
        static final int DROP = -1;

        /** The endpoint looks down: the connection is closed without any answer (an I/O error for the caller). */
        public static Fault unreachable() {
            return new Fault(DROP, Map.of(), "");
        }

        /** A 503 the SDK treats as retryable. */
        public static Fault serviceUnavailable() {
            return new Fault(503, Map.of("Content-Type", "application/x-amz-json-1.0"),
                    "{\"__type\":\"ServiceUnavailable\",\"message\":\"injected by FaultProxy\"}");
        }

        /** Throttling in the AWS JSON protocol (SQS, DynamoDB, SSM, ...): retryable. */
        public static Fault throttling() {
            return new Fault(400, Map.of("Content-Type", "application/x-amz-json-1.0",
                    "x-amzn-query-error", "ThrottlingException;Sender"),
                    "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded (injected)\"}");
        }

        /** AccessDenied in the AWS JSON protocol: never retryable. */
        public static Fault accessDenied() {
            return new Fault(400, Map.of("Content-Type", "application/x-amz-json-1.0",
                    "x-amzn-query-error", "AccessDenied;Sender"),
                    "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized (injected)\"}");
        }
    }

    private record Rule(Predicate<Call> matches, Fault fault, AtomicInteger remaining) {}

    /** Forward matching calls {@code copies.next()} times: how a message gets delivered more than once. */
    private record Duplication(Predicate<Call> matches, java.util.function.IntSupplier copies) {}

    private final URI target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Duplication> duplications = new CopyOnWriteArrayList<>();
    private final AtomicInteger duplicatesSent = new AtomicInteger();

    private FaultProxy(URI target, HttpServer server) {
        this.target = target;
        this.server = server;
    }

    /** Starts a proxy to {@code target} (e.g. moto's endpoint) on a free loopback port. */
    public static FaultProxy start(String target) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        FaultProxy proxy = new FaultProxy(URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target), server);
        server.createContext("/", proxy::handle);
        // Cached, not fixed: every consumer of every service holds a long poll open through the proxy.
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return proxy;
    }

    /** The endpoint to configure the service under test with. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Answers the next {@code times} calls that match with {@code fault} ({@code times < 0}: until {@link #heal()}).
     * Only calls that reach the proxy after this returns are affected.
     */
    public void inject(Predicate<Call> matches, Fault fault, int times) {
        rules.add(new Rule(matches, fault, new AtomicInteger(times < 0 ? Integer.MAX_VALUE : times)));
    }

    /** Matches calls by AWS action name (e.g. {@code SetQueueAttributes}, {@code AuthorizeSecurityGroupIngress}). */
    public static Predicate<Call> action(String name) {
        return call -> name.equals(call.action());
    }

    /**
     * Forwards every matching call {@code copies.getAsInt()} times and answers with the first response, e.g. every
     * {@code SendMessage} twice or three times: each message is then delivered several times, as SQS may do.
     */
    public void duplicate(Predicate<Call> matches, java.util.function.IntSupplier copies) {
        duplications.add(new Duplication(matches, copies));
    }

    /** How many extra copies {@link #duplicate} has forwarded so far. */
    public int duplicatesSent() {
        return duplicatesSent.get();
    }

    /** Removes every fault and duplication; calls are forwarded once again. */
    public void heal() {
        rules.clear();
        duplications.clear();
    }

    /** Every call so far, in arrival order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long count(Predicate<Call> which) {
        return calls.stream().filter(which).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String action = actionOf(exchange, text);
            Call probe = new Call(Instant.now(), exchange.getRequestMethod(), path, action, text, 0, false);
            Fault fault = faultFor(probe);
            if (fault != null && fault.status() == Fault.DROP) {
                calls.add(new Call(probe.at(), probe.method(), path, action, text, Fault.DROP, true));
                // Thrown out of the handler, the server closes the connection without an answer.
                throw new IOException("dropped by FaultProxy");
            }
            if (fault != null) {
                calls.add(new Call(probe.at(), probe.method(), path, action, text, fault.status(), true));
                byte[] answer = fault.body().getBytes(StandardCharsets.UTF_8);
                fault.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.getResponseHeaders().add("x-amzn-RequestId", "fault-" + calls.size());
                exchange.sendResponseHeaders(fault.status(), answer.length == 0 ? -1 : answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
                return;
            }
            HttpResponse<byte[]> response = forward(exchange, path, body);
            for (int extra = copiesOf(probe) - 1; extra > 0 && response.statusCode() < 300; extra--) {
                forward(exchange, path, body);
                duplicatesSent.incrementAndGet();
            }
            calls.add(new Call(probe.at(), probe.method(), path, action, text, response.statusCode(), false));
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            byte[] answer = response.body();
            boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || answer.length == 0;
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Fault faultFor(Call call) {
        for (Rule rule : rules) {
            if (rule.matches().test(call) && rule.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                return rule.fault();
            }
        }
        return null;
    }

    private int copiesOf(Call call) {
        for (Duplication d : duplications) {
            if (d.matches().test(call)) {
                return Math.max(1, d.copies().getAsInt());
            }
        }
        return 1;
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, String path, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The AWS action: JSON protocol names it in X-Amz-Target, the query protocol in an Action parameter. */
    private static String actionOf(HttpExchange exchange, String body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        String query = exchange.getRequestURI().getRawQuery();
        for (String source : new String[] {body, query == null ? "" : query}) {
            for (String pair : source.split("&")) {
                if (pair.startsWith("Action=")) {
                    return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    }
}
