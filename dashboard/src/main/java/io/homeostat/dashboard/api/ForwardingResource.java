package io.homeostat.dashboard.api;

import io.homeostat.dashboard.upstream.Upstream;
import io.homeostat.dashboard.upstream.UpstreamClient;
import io.homeostat.dashboard.upstream.UpstreamResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The page's API: a fixed list of operator API routes, each forwarded to the service that owns it with the caller's
 * own {@code Authorization} header. The routes and query strings mirror the services' so the docs of those APIs hold
 * here too. Only these routes exist: the dashboard is not an open relay to anything the services serve.
 *
 * <pre>
 * GET  /api/status                         → detector
 * GET  /api/incidents?limit=&amp;resource=      → detector
 * GET  /api/incidents/{id}                 → detector
 * GET  /api/dlq?…                          → detector
 * POST /api/dlq/replay                     → detector
 * GET  /api/plans?state=                   → planner
 * POST /api/plans/{id}/approve|reject      → planner
 * </pre>
 *
 * A service's answer (200, 400, 401, 404, 409 …) is passed through unchanged; a service that does not answer becomes
 * a 502 (or 504 on timeout) JSON error naming it ({@link UpstreamUnavailableMapper}).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ForwardingResource {

    @Inject
    UpstreamClient upstream;

    /** The detector's read-only lists: status, incidents, dead letters and their depths (with their query strings). */
    @GET
    @Path("/{route: status|incidents|dlq|dlq/depths}")
    public Response detectorList(@PathParam("route") String route, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                 @Context UriInfo uri) {
        return get(Upstream.DETECTOR, "/api/" + route, uri, auth);
    }

    @GET
    @Path("/incidents/{id}")
    public Response incident(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return relay(upstream.send(Upstream.DETECTOR, "GET", "/api/incidents/" + segment(id), auth, null));
    }

    @POST
    @Path("/dlq/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replay(String body, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return relay(upstream.send(Upstream.DETECTOR, "POST", "/api/dlq/replay", auth, body == null ? "" : body));
    }

    @GET
    @Path("/plans")
    public Response plans(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return get(Upstream.PLANNER, "/api/plans", uri, auth);
    }

    /** Approve or reject; adopting (a git proposal) stays with the CLI and the API, it needs more than a button. */
    @POST
    @Path("/plans/{id}/{decision: approve|reject}")
    @Consumes(MediaType.WILDCARD)
    public Response decide(@PathParam("id") String id, @PathParam("decision") String decision, String body,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        String json = body == null || body.isBlank() ? "{}" : body;
        return relay(upstream.send(Upstream.PLANNER, "POST", "/api/plans/" + segment(id) + "/" + decision, auth, json));
    }

    private Response get(Upstream to, String path, UriInfo uri, String auth) {
        String query = uri.getRequestUri().getRawQuery();
        return relay(upstream.send(to, "GET", query == null ? path : path + "?" + query, auth, null));
    }

    private static Response relay(UpstreamResponse answer) {
        Response.ResponseBuilder r = Response.status(answer.status()).entity(answer.body());
        r.type(answer.contentType() == null ? MediaType.APPLICATION_JSON : answer.contentType());
        if (answer.status() == 401) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"homeostat\"");
        }
        return r.build();
    }

    /** An id goes into the service's path as one segment: a "/" or ".." in it cannot reach another route. */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
