package io.homeostat.mcp.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the MCP server needs to know, read once from its environment when the assistant's client starts it. The token
 * is the person's own: the client starts one server process per user with that user's {@code HOMEOSTAT_TOKEN}, so the
 * services authorise every call as that person. No tool takes a token as an argument, so a model can never choose
 * whose credentials a call uses.
 *
 * <p>Environment variables (the CLI reads the first two the same way):
 * <ul>
 * <li>{@code HOMEOSTAT_API}: the detector's operator API, default {@code http://localhost:8081}</li>
 * <li>{@code HOMEOSTAT_TOKEN}: the person's API bearer token (no default; calls fail clearly without it)</li>
 * <li>{@code HOMEOSTAT_PLANNER_API}: the planner's API (plans, approvals), default {@code http://localhost:8083}</li>
 * <li>{@code HOMEOSTAT_PHASES_DIR}: the phases folder inside the git repository proposals go to, default {@code phases}</li>
 * <li>{@code HOMEOSTAT_API_TIMEOUT_SECONDS}: per request, default 30</li>
 * </ul>
 *
 * @param token the bearer token, empty when none was given
 */
public record McpSettings(URI detectorApi, URI plannerApi, Optional<String> token, Path phasesDir, Duration timeout) {

    public static final String API = "HOMEOSTAT_API";
    public static final String PLANNER_API = "HOMEOSTAT_PLANNER_API";
    public static final String TOKEN = "HOMEOSTAT_TOKEN";
    public static final String PHASES_DIR = "HOMEOSTAT_PHASES_DIR";
    public static final String TIMEOUT = "HOMEOSTAT_API_TIMEOUT_SECONDS";

    /** @throws IllegalArgumentException naming the variable when a value is malformed */
    public static McpSettings from(Map<String, String> env) {
        URI detector = uri(API, env.getOrDefault(API, "http://localhost:8081"));
        URI planner = uri(PLANNER_API, env.getOrDefault(PLANNER_API, "http://localhost:8083"));
        Optional<String> token = Optional.ofNullable(env.get(TOKEN)).map(String::trim).filter(t -> !t.isEmpty());
        Path phases = Path.of(env.getOrDefault(PHASES_DIR, "phases")).toAbsolutePath().normalize();
        Duration timeout;
        try {
            timeout = Duration.ofSeconds(Math.max(1, Long.parseLong(env.getOrDefault(TIMEOUT, "30").trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TIMEOUT + " '" + env.get(TIMEOUT) + "' is not a number of seconds");
        }
        return new McpSettings(detector, planner, token, phases, timeout);
    }

    private static URI uri(String variable, String value) {
        String v = value.trim();
        v = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        try {
            URI uri = URI.create(v);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " '" + value + "' is not an http(s) URL");
        }
    }
}
