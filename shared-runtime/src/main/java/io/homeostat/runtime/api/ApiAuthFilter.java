package io.homeostat.runtime.api;

import io.homeostat.runtime.config.HomeostatConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code /api} request needs {@code Authorization: Bearer <token>} matching one of
 * {@code homeostat.api.tokens.<user>}; the user is then available as {@link #USER} for the audit trail. Health and
 * metrics ({@code /q/*}) stay open for probes and scrapers.
 */
@Provider
public class ApiAuthFilter implements ContainerRequestFilter {

    /** Request property holding the authenticated user's name. */
    public static final String USER = "homeostat.user";

    // Looked up per request: REST providers are created at static init, before runtime config mappings exist.
    @Inject
    Instance<HomeostatConfig> config;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("/api") || path.startsWith("api"))) {
            return;
        }
        Map<String, String> tokens = config.get().api().tokens();
        if (tokens.isEmpty()) {
            request.abortWith(error(Response.Status.UNAUTHORIZED, "no API tokens are configured (set homeostat.api.tokens.<user>)"));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        Optional<String> user = presented == null ? Optional.empty() : userFor(tokens, presented);
        if (user.isEmpty()) {
            request.abortWith(error(Response.Status.UNAUTHORIZED, presented == null
                    ? "missing 'Authorization: Bearer <token>'" : "unknown token"));
            return;
        }
        request.setProperty(USER, user.get());
    }

    /** Compares against every token in constant time, so timing does not reveal how much of a token matched. */
    static Optional<String> userFor(Map<String, String> tokens, String presented) {
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        String match = null;
        for (Map.Entry<String, String> e : tokens.entrySet()) {
            if (MessageDigest.isEqual(p, e.getValue().getBytes(StandardCharsets.UTF_8)) && !e.getValue().isBlank()) {
                match = e.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"homeostat\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build();
    }
}
