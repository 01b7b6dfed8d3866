package io.homeostat.detector.api;

import static io.homeostat.runtime.api.ApiErrors.error;

import io.homeostat.runtime.api.ApiAuthFilter;
import io.homeostat.runtime.store.ConflictException;
import io.homeostat.runtime.store.EscalatedIncidents;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Incidents with their timelines, behind the operator API's bearer tokens like every {@code /api} path.
 *
 * <pre>
 * GET  /api/incidents?limit=50&amp;resource=KEY       → the most recent (or one resource's) incidents
 * GET  /api/incidents/{id}                         → one, 404 unknown
 * POST /api/incidents/{id}/close {"reason":"…"}    → 200 CLOSED; 400 no reason; 404 unknown; 409 not ESCALATED
 * </pre>
 */
@Path("/api/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    private static final Logger LOG = Logger.getLogger(IncidentResource.class);

    /** What a close carries. */
    public record CloseRequest(String reason) {}

    @Inject
    IncidentStore incidents;

    @Inject
    EscalatedIncidents escalated;

    @GET
    public List<Incident> list(@QueryParam("limit") @DefaultValue("50") int limit,
                               @QueryParam("resource") String resourceKey) {
        int bounded = Math.max(1, Math.min(limit, 500));
        List<Incident> all = resourceKey == null ? incidents.recent(bounded) : incidents.forResource(resourceKey);
        return all.size() > bounded ? all.subList(0, bounded) : all;
    }

    @GET
    @Path("/{id}")
    public Incident get(@PathParam("id") String id) {
        return incidents.find(id).orElseThrow(() -> new NotFoundException("no incident " + id));
    }

    /** A person closes an ESCALATED incident after looking; its resource is released (see {@link EscalatedIncidents}). */
    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.WILDCARD)
    public Incident close(@PathParam("id") String id, CloseRequest body, @Context ContainerRequestContext request) {
        String user = String.valueOf(request.getProperty(ApiAuthFilter.USER));
        try {
            Incident closed = escalated.close(id, user, body == null ? null : body.reason());
            LOG.infof("incident %s closed by %s: %s", id, user, body.reason());
            return closed;
        } catch (IllegalArgumentException e) {
            throw error(Response.Status.BAD_REQUEST, e.getMessage());
        } catch (EscalatedIncidents.CloseRefusedException e) {
            throw error(e.notFound() ? Response.Status.NOT_FOUND : Response.Status.CONFLICT, e.getMessage());
        } catch (ConflictException e) {
            throw error(Response.Status.CONFLICT, "incident " + id + " changed while closing it; read it again");
        }
    }
}
