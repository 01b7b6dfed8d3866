package io.homeostat.detector.api;

import io.homeostat.runtime.api.ApiAuthFilter;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.store.DriftFlags;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Drift flags over HTTP (authenticated, see {@link ApiAuthFilter}).
 *
 * <pre>
 * GET    /api/flags
 * PUT    /api/flags/{phase|resource}/{name}   {"mode":"PAUSED","ttl":"PT2H","reason":"maintenance"}  (or "expiresAt")
 * DELETE /api/flags/{phase|resource}/{name}
 * </pre>
 */
@Path("/api/flags")
@Produces(MediaType.APPLICATION_JSON)
public class FlagResource {

    /** What a PUT carries; {@code ttl} (ISO-8601 duration) or {@code expiresAt} (instant), or neither for no expiry. */
    public record FlagRequest(String mode, String ttl, String expiresAt, String reason) {}

    @Inject
    DriftFlags flags;

    @Inject
    DesiredStateSource desired;

    @Inject
    Clock clock;

    @GET
    public List<DriftFlags.Flag> list() {
        return flags.all();
    }

    @PUT
    @Path("/{scopeType}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DriftFlags.Flag set(@PathParam("scopeType") String scopeType, @PathParam("name") String name, FlagRequest body,
                               @Context ContainerRequestContext request) {
        DriftFlags.ScopeType type = scope(scopeType, name);
        if (body == null || body.mode() == null) {
            throw new BadRequestException("body needs \"mode\": one of ENABLED, PAUSED, DISABLED");
        }
        DriftFlags.Mode mode;
        try {
            mode = DriftFlags.Mode.valueOf(body.mode().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("unknown mode '" + body.mode() + "'; one of ENABLED, PAUSED, DISABLED");
        }
        Instant now = clock.instant();
        Instant expires = expiry(body, now);
        String user = String.valueOf(request.getProperty(ApiAuthFilter.USER));
        var flag = new DriftFlags.Flag(type, name, mode, expires, user, body.reason(), now);
        flags.put(flag);
        return flag;
    }

    @DELETE
    @Path("/{scopeType}/{name}")
    public void clear(@PathParam("scopeType") String scopeType, @PathParam("name") String name) {
        if (!flags.clear(scope(scopeType, name), name)) {
            throw new NotFoundException("no flag on " + scopeType + " " + name);
        }
    }

    /** The scope must name something the desired state declares, so a typo never silently flags nothing. */
    private DriftFlags.ScopeType scope(String scopeType, String name) {
        DriftFlags.ScopeType type;
        try {
            type = DriftFlags.ScopeType.valueOf(scopeType);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("scope must be 'phase' or 'resource', not '" + scopeType + "'");
        }
        DesiredState state = desired.current();
        var known = new TreeSet<String>();
        state.resources().forEach(r -> known.add(type == DriftFlags.ScopeType.phase ? r.phase() : r.logicalId()));
        if (!known.contains(name)) {
            throw new NotFoundException("no " + type + " '" + name + "' in the desired state; known: " + known);
        }
        return type;
    }

    private static Instant expiry(FlagRequest body, Instant now) {
        try {
            if (body.ttl() != null && body.expiresAt() != null) {
                throw new BadRequestException("give either \"ttl\" or \"expiresAt\", not both");
            }
            if (body.ttl() != null) {
                Duration ttl = Duration.parse(body.ttl());
                if (ttl.isNegative() || ttl.isZero()) {
                    throw new BadRequestException("\"ttl\" must be positive");
                }
                return now.plus(ttl);
            }
            if (body.expiresAt() != null) {
                Instant at = Instant.parse(body.expiresAt());
                if (!at.isAfter(now)) {
                    throw new BadRequestException("\"expiresAt\" is in the past");
                }
                return at;
            }
            return null;
        } catch (DateTimeParseException e) {
            throw new BadRequestException("cannot read " + (body.ttl() != null ? "\"ttl\" (ISO-8601 duration, e.g. PT2H)"
                    : "\"expiresAt\" (ISO-8601 instant)") + ": " + e.getParsedString());
        }
    }
}
