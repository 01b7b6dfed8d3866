package io.homeostat.detector.api;

import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Read-only view of incidents with their timelines, behind the operator API's bearer tokens like every {@code /api} path.
 */
@Path("/api/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    @Inject
    IncidentStore incidents;

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
}
