package io.homeostat.runtime.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;
    private URI url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/q/health/ready");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void healthyOnlyWhenTheEndpointAnswers200() {
        assertTrue(HealthProbe.healthy(url, Duration.ofSeconds(2)));
        status.set(503);
        assertFalse(HealthProbe.healthy(url, Duration.ofSeconds(2)), "readiness DOWN");
    }

    @Test
    void unhealthyWhenNothingListens() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertFalse(HealthProbe.healthy(URI.create("http://127.0.0.1:" + closed + "/q/health/ready"), Duration.ofSeconds(2)));
    }
}
