package io.homeostat.detector.api;

import io.homeostat.detector.imports.ImportService;
import io.homeostat.detector.imports.UnmanagedReport;
import io.homeostat.runtime.api.ApiAuthFilter;
import io.homeostat.runtime.gitops.GitProposalException;
import io.homeostat.runtime.imports.ImportFilter;
import io.homeostat.runtime.imports.ImportedResource;
import io.homeostat.runtime.imports.UnmanagedResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse sync over HTTP (authenticated, see {@link ApiAuthFilter}).
 *
 * <pre>
 * POST /api/import      {"types":["aws.sqs.queue"], "regions":["us-east-1"], "namePrefix":"orders-", "tags":{"team":"payments"}}
 *                       → the branch and commit holding the generated phase file, with counts; never applied
 * GET  /api/unmanaged   live resources no phase declares (the last periodic look; ?refresh=true lists now)
 * </pre>
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    /** What to import; every field optional (all importable types, the default region, any name, any tags). */
    public record ImportRequest(Set<String> types, List<String> regions, String namePrefix, Map<String, String> tags, String account) {}

    public record Skipped(String type, String region, String name, String reason) {}

    public record ImportResponse(String phase, String branch, String commit, String file, int listed, int unmanaged, long imported,
                                 List<Skipped> skipped, double seconds) {}

    public record UnmanagedResponse(Instant at, int count, List<UnmanagedResource> resources, String error) {}

    @Inject
    ImportService imports;

    @Inject
    UnmanagedReport unmanaged;

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    public ImportResponse importResources(ImportRequest body, @Context ContainerRequestContext request) throws InterruptedException {
        ImportRequest r = body == null ? new ImportRequest(null, null, null, null, null) : body;
        ImportFilter filter = new ImportFilter(r.types(), r.regions(), r.namePrefix(), r.tags(), r.account());
        ImportService.Outcome outcome;
        try {
            outcome = imports.run(filter, String.valueOf(request.getProperty(ApiAuthFilter.USER)));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        } catch (GitProposalException e) {
            throw new WebApplicationException(Response.status(Response.Status.CONFLICT)
                    .entity(Map.of("error", "the import could not be proposed: " + e.getMessage())).type(MediaType.APPLICATION_JSON).build());
        }
        var result = outcome.result();
        List<Skipped> skipped = result.resources().stream().filter(i -> !i.imported())
                .map((ImportedResource i) -> new Skipped(i.type(), i.region(), i.name(), i.skipReason())).toList();
        var p = outcome.proposal();
        return new ImportResponse(outcome.phase(), p == null ? null : p.branch(), p == null ? null : p.commitId(),
                p == null ? null : p.files().get(0), result.listed(), result.unmanaged(), result.imported(), skipped, result.seconds());
    }

    @GET
    @Path("/unmanaged")
    public UnmanagedResponse unmanaged(@QueryParam("refresh") @DefaultValue("false") boolean refresh) {
        UnmanagedReport.Snapshot s = refresh ? unmanaged.refresh() : unmanaged.current();
        return new UnmanagedResponse(s.at(), s.resources().size(), s.resources(), s.error());
    }
}
