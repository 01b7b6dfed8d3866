package io.homeostat.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Calls the operator API with the bearer token and turns every answer into JSON or a {@link CliException} carrying
 * the right exit code: 401/403 → {@link ExitCodes#AUTH}, 400 → {@link ExitCodes#USAGE}, other errors →
 * {@link ExitCodes#FAILURE}, no answer at all → {@link ExitCodes#UNREACHABLE}.
 */
public final class ApiClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Duration timeout;

    private final String hint;

    /** The detector's API as the global options say (--api, token, --timeout). */
    public ApiClient(GlobalOptions options) {
        this(options.apiUri(), options.token(), options.timeout());
    }

    /** An API at {@code base} (the detector's unless said otherwise), without picocli options. */
    public ApiClient(URI base, String token, Duration timeout) {
        this(base, token, timeout, "is the detector running? (--api URL or HOMEOSTAT_API)");
    }

    /** @param hint what to check when {@code base} does not answer, said in the error */
    public ApiClient(URI base, String token, Duration timeout, String hint) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.hint = hint;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** GET {@code path} with the query parameters that are not null. */
    public JsonNode get(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return send(request(path + q).GET().build());
    }

    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    /** GET {@code path}; empty when the API answers 404 (there is nothing there, which is not a failure here). */
    public Optional<JsonNode> find(String path) {
        return Optional.ofNullable(send(request(path).GET().build(), true));
    }

    public JsonNode post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(json(body)).build());
    }

    public JsonNode put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(json(body)).build());
    }

    /** DELETE {@code path}; the API answers 204 with no body, so the result is an empty object. */
    public JsonNode delete(String path) {
        return send(request(path).DELETE().build());
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot write the request: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(base.getPath() + path)).timeout(timeout)
                .header("Accept", "application/json").header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest request) {
        return send(request, false);
    }

    /** The answer's JSON; with {@code absentIsNull}, null for a 404. */
    private JsonNode send(HttpRequest request, boolean absentIsNull) {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(request, "connection refused or timed out");
        } catch (HttpTimeoutException e) {
            throw unreachable(request, "no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw unreachable(request, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (UnresolvedAddressException e) {
            throw unreachable(request, "unknown host");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted");
        }
        JsonNode body = parse(r.body());
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            return body;
        }
        if (status == 404 && absentIsNull) {
            return null;
        }
        StringBuilder message = new StringBuilder(body.path("error").asText(r.body().isBlank() ? "(no details)" : r.body()));
        // A refused rollback lists every problem of the revision's phases (file:line:col); show them all.
        body.path("problems").forEach(p -> message.append("\n  ").append(Printable.quote(p.asText(), 400)));
        String where = request.method() + " " + request.uri().getPath();
        throw switch (status) {
            case 401, 403 -> new CliException(ExitCodes.AUTH, where + ": not authorized (HTTP " + status + "): " + message);
            case 400 -> new CliException(ExitCodes.USAGE, where + ": refused (HTTP 400): " + message);
            default -> new CliException(ExitCodes.FAILURE, where + ": HTTP " + status + ": " + message);
        };
    }

    private CliException unreachable(HttpRequest request, String why) {
        return new CliException(ExitCodes.UNREACHABLE, "cannot reach the API at " + base + " (" + why + "); " + hint);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("error", body);
        }
    }
}
