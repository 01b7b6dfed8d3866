package io.homeostat.detector.api;

import io.homeostat.detector.dlq.DeadLetterDepthRefresher;
import io.homeostat.runtime.api.ApiAuthFilter;
import io.homeostat.runtime.dlq.DeadLetterFilter;
import io.homeostat.runtime.dlq.DeadLetterInspector;
import io.homeostat.runtime.dlq.DeadLetterReplayer;
import io.homeostat.runtime.dlq.ReplayReport;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dead letters over HTTP (authenticated, see {@link ApiAuthFilter}).
 *
 * <pre>
 * GET  /api/dlq?queue=analyzer&amp;type=drift.detected&amp;reason=timeout&amp;olderThan=PT1H&amp;newerThan=P1D&amp;limit=100
 * GET  /api/dlq/depths   → {"queues":[{"queue":"analyzer","dlq":"…","depth":2}, …]}  (-1: unreadable)
 * POST /api/dlq/replay  {"id":"…"} | {"ids":["…"]} | {"queue":"analyzer","type":"…","reason":"…","olderThan":"PT1H"} | {"all":true}
 * </pre>
 *
 * A listing receives the dead letters to read them (SQS has no peek), hiding them for a moment from a replay; the
 * depths come from queue attributes only, so a page can poll them. A replay must say what it replays: an empty body is refused rather than read as "everything". Who replayed is
 * logged and kept on each message's failure record.
 */
@Path("/api/dlq")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    static final int MAX_LIMIT = 1000;

    /** What a replay request carries: one id, several ids, a filter, or {@code all: true}. */
    public record ReplayRequest(String id, List<String> ids, String queue, String type, String reason, String olderThan,
                                String newerThan, Boolean all) {}

    @Inject
    DeadLetterInspector inspector;

    @Inject
    DeadLetterReplayer replayer;

    @Inject
    DeadLetterDepthRefresher depths;

    @GET
    @Path("/depths")
    public Map<String, List<DeadLetterInspector.QueueDepth>> depths() {
        return Map.of("queues", depths.readNow());
    }

    @GET
    public Response list(@QueryParam("queue") String queue, @QueryParam("type") String type, @QueryParam("reason") String reason,
                         @QueryParam("olderThan") String olderThan, @QueryParam("newerThan") String newerThan,
                         @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return error(Response.Status.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        try {
            var filter = new DeadLetterFilter(Set.of(), Optional.ofNullable(queue), Optional.ofNullable(type),
                    Optional.ofNullable(reason), duration("olderThan", olderThan), duration("newerThan", newerThan));
            return Response.ok(inspector.list(filter, limit)).build();
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replay(ReplayRequest body, @Context ContainerRequestContext request) {
        String user = String.valueOf(request.getProperty(ApiAuthFilter.USER));
        DeadLetterFilter filter;
        try {
            filter = filterOf(body);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        ReplayReport report;
        try {
            report = replayer.replay(filter, user);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        if (!filter.ids().isEmpty() && report.matched() < filter.ids().size()) {
            // Named ids that are not there: say so (already replayed, or held by a concurrent listing for a few seconds).
            return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", (filter.ids().size() - report.matched())
                    + " of " + filter.ids().size() + " message id(s) not found on the DLQs (already replayed, or being listed"
                    + " right now: try again in a few seconds)", "report", report)).build();
        }
        return Response.ok(report).build();
    }

    static DeadLetterFilter filterOf(ReplayRequest body) {
        if (body == null) {
            throw new IllegalArgumentException("say what to replay: {\"id\":…}, {\"ids\":[…]}, a filter (queue, type, reason,"
                    + " olderThan, newerThan) or {\"all\":true}");
        }
        Set<String> ids = new java.util.LinkedHashSet<>();
        if (body.id() != null && !body.id().isBlank()) {
            ids.add(body.id().trim());
        }
        if (body.ids() != null) {
            body.ids().stream().filter(i -> i != null && !i.isBlank()).map(String::trim).forEach(ids::add);
        }
        var filter = new DeadLetterFilter(ids, Optional.ofNullable(body.queue()), Optional.ofNullable(body.type()),
                Optional.ofNullable(body.reason()), duration("olderThan", body.olderThan()), duration("newerThan", body.newerThan()));
        boolean all = Boolean.TRUE.equals(body.all());
        if (all && !filter.selectsAll()) {
            throw new IllegalArgumentException("\"all\": true replays everything; leave out the id and filter fields, or drop \"all\"");
        }
        if (!all && filter.selectsAll()) {
            throw new IllegalArgumentException("say what to replay: {\"id\":…}, {\"ids\":[…]}, a filter (queue, type, reason,"
                    + " olderThan, newerThan) or {\"all\":true}");
        }
        return filter;
    }

    private static Optional<Duration> duration(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.parse(value.trim());
            if (d.isNegative()) {
                throw new IllegalArgumentException("\"" + name + "\" must not be negative");
            }
            return Optional.of(d);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read \"" + name + "\" '" + value + "' (ISO-8601 duration, e.g. PT1H)");
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
