package io.homeostat.mcp.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.CliException;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.mcp.config.McpSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator API as the tools use it, through the CLI's {@link ApiClient} with the token this process was started
 * with: the detector for status and incidents, the planner for approvals. Failures come back as
 * {@link ApiCallException} with the API's own explanation (not authorised, not found, unreachable).
 */
@Singleton
public class OperatorApi {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final McpSettings settings;

    @Inject
    public OperatorApi(McpSettings settings) {
        this.settings = settings;
    }

    /** {@code GET /api/status} on the detector. */
    public JsonNode status() {
        return call(() -> client(settings.detectorApi()).get("/api/status", Map.of()));
    }

    /** {@code GET /api/incidents?limit=}, newest first. */
    public JsonNode incidents(int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", Integer.toString(limit));
        return call(() -> client(settings.detectorApi()).get("/api/incidents", query));
    }

    /** {@code GET /api/incidents/{id}}. */
    public JsonNode incident(String id) {
        return call(() -> client(settings.detectorApi()).get("/api/incidents/" + segment(id), Map.of()));
    }

    /** {@code POST /api/plans/{id}/approve} on the planner, as the person whose token this process holds. */
    public JsonNode approve(String planId, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("reason", reason);
        return call(() -> client(settings.plannerApi()).post("/api/plans/" + segment(planId) + "/approve", body));
    }

    private ApiClient client(URI base) {
        String token = settings.token().orElseThrow(() -> new ApiCallException("this MCP server was started without "
                + McpSettings.TOKEN + "; the operator API needs the token of the person the assistant acts for"));
        return new ApiClient(base, token, settings.timeout());
    }

    /** Ids are one path segment of plain characters, never a path: {@code ../flags} is refused before any call. */
    static String segment(String id) {
        String trimmed = id == null ? "" : id.trim();
        if (!ID.matcher(trimmed).matches()) {
            throw new ApiCallException("'" + trimmed + "' is not an id (letters, digits, '.', '_', ':', '-'; up to 128)");
        }
        return trimmed;
    }

    private static JsonNode call(java.util.function.Supplier<JsonNode> request) {
        try {
            return request.get();
        } catch (CliException e) {
            throw new ApiCallException(e.getMessage());
        }
    }
}
