package io.homeostat.detector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.detector.logs.LogIngest;
import io.homeostat.runtime.api.ApiAuthFilter;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Log ingest for proactive anomaly detection (authenticated, see {@link ApiAuthFilter}), bounded by
 * {@code homeostat.detector.logs.max-request-bytes}.
 *
 * <pre>
 * POST /api/logs   {"source":"checkout","lines":["2026-11-23T01:00:05Z ERROR payment … failed", …]}
 * POST /api/logs?source=checkout   (Content-Type: text/plain) one line per line
 * </pre>
 *
 * Lines are untrusted: they are counted by pattern and kept as a few samples, never interpreted.
 */
@Path("/api/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LogIngest ingest;

    @Inject
    DetectorConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public LogIngest.Accepted json(InputStream body) {
        JsonNode doc;
        try {
            doc = JSON.readTree(bounded(body));
        } catch (IOException e) {
            throw new BadRequestException("body is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (doc == null || !doc.isObject() || !doc.path("source").isTextual() || !doc.path("lines").isArray()) {
            throw new BadRequestException("body must be {\"source\": \"<name>\", \"lines\": [\"<log line>\", ...]}");
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode line : doc.get("lines")) {
            if (!line.isTextual()) {
                throw new BadRequestException("lines[" + lines.size() + "] is not a string");
            }
            lines.add(line.asText());
        }
        return accept(doc.get("source").asText(), lines);
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    public LogIngest.Accepted text(@QueryParam("source") String source, InputStream body) {
        return accept(source, new String(bounded(body), StandardCharsets.UTF_8).lines().toList());
    }

    private LogIngest.Accepted accept(String source, List<String> lines) {
        try {
            return ingest.ingest(source, lines);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** Reads at most the configured number of bytes; a longer body is refused, not truncated. */
    private byte[] bounded(InputStream body) {
        int max = config.logs().maxRequestBytes();
        try {
            byte[] bytes = body.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new WebApplicationException(Response.status(413).type(MediaType.APPLICATION_JSON)
                        .entity(Map.of("error", "body is larger than " + max + " bytes (homeostat.detector.logs.max-request-bytes); send smaller batches"))
                        .build());
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequestException("cannot read the body: " + e.getMessage());
        }
    }
}
