package io.homeostat.dashboard.upstream;

import io.homeostat.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one call to a service's operator API with the caller's {@code Authorization} header and hands back the answer
 * exactly as it came (status, type, body): the services decide who may do what, the dashboard only relays. Unlike the
 * CLI's {@code ApiClient}, which interprets answers into exit codes, this one must not interpret them at all.
 */
@ApplicationScoped
public class UpstreamClient {

    private final URI detector;
    private final URI planner;
    private final Duration requestTimeout;
    private final HttpClient http;

    @Inject
    public UpstreamClient(DashboardConfig config) {
        this(config.detectorUrl(), config.plannerUrl(), config.connectTimeout(), config.requestTimeout());
    }

    public UpstreamClient(URI detector, URI planner, Duration connectTimeout, Duration requestTimeout) {
        this.detector = detector;
        this.planner = planner;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /**
     * @param pathAndQuery an {@code /api/...} path, already encoded, with its query string if any
     * @param authorization the caller's {@code Authorization} header, or null (the service then answers 401)
     * @param jsonBody a JSON body for POST, or null
     */
    public UpstreamResponse send(Upstream upstream, String method, String pathAndQuery, String authorization, String jsonBody) {
        URI target = resolve(upstream, pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null && !authorization.isBlank()) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new UpstreamResponse(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(null), answer.body());
        } catch (HttpTimeoutException e) {
            throw new UpstreamUnavailableException(upstream, upstream.label() + " did not answer " + method + " " + path(pathAndQuery)
                    + " within " + requestTimeout.toMillis() + " ms (" + base(upstream) + ")", true, e);
        } catch (IOException e) {
            throw new UpstreamUnavailableException(upstream, upstream.label() + " unreachable at " + base(upstream) + ": "
                    + describe(e), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException(upstream, "interrupted while calling " + upstream.label(), false, e);
        }
    }

    URI resolve(Upstream upstream, String pathAndQuery) {
        String b = base(upstream).toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }

    private URI base(Upstream upstream) {
        return upstream == Upstream.DETECTOR ? detector : planner;
    }

    private static String path(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    /** java.net.http often throws a bare ConnectException without a message: name the exception then. */
    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
