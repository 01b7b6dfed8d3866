package io.homeostat.detector.api;

import io.homeostat.runtime.api.ApiAuthFilter;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.desired.PhaseValidationException;
import io.homeostat.runtime.gitops.GitProposalException;
import io.homeostat.runtime.gitops.GitWorkspace;
import io.homeostat.runtime.store.DesiredRevisionPin;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Git rollback (authenticated, see {@link ApiAuthFilter}): make the phases of an earlier revision the desired state;
 * the normal loop (scan → "desired changed" → plan → execute → verify) then applies it.
 *
 * <pre>
 * POST   /api/rollback  {"to":"main~2","reason":"bad deploy"}  → 200 the pin; 400 unknown revision or invalid phases
 * GET    /api/rollback                                         → 200 the pin, 404 none (the work tree is desired)
 * DELETE /api/rollback                                         → 204 back to the work tree, 404 nothing pinned
 * </pre>
 *
 * The revision's phases are validated before the pin is set, so an invalid revision is refused with every problem as
 * {@code <revision>:<file>:line:col}; nothing from it is ever applied.
 */
@Path("/api/rollback")
@Produces(MediaType.APPLICATION_JSON)
public class RollbackResource {

    private static final Logger LOG = Logger.getLogger(RollbackResource.class);

    /** What a POST carries. */
    public record RollbackRequest(String to, String reason) {}

    @Inject
    DesiredRevisionPin pins;

    @Inject
    DesiredStateSource desired;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rollback(RollbackRequest body, @Context ContainerRequestContext request) {
        if (body == null || body.to() == null || body.to().isBlank()) {
            throw new BadRequestException("body needs \"to\": a git revision (commit id, tag, branch, main~2)");
        }
        GitWorkspace git;
        String commit;
        DesiredState state;
        try {
            git = GitWorkspace.containing(desired.dir());
            commit = git.resolve(body.to());
            state = DesiredStateSource.loadAt(git, desired.dir(), commit, desired.loader());
        } catch (GitProposalException e) {
            return problem(Map.of("error", e.getMessage()));
        } catch (PhaseValidationException e) {
            return problem(Map.of("error", "the phases at '" + body.to() + "' are invalid; nothing was pinned",
                    "problems", e.problems()));
        }
        var pin = new DesiredRevisionPin.Pin(body.to(), commit, String.valueOf(request.getProperty(ApiAuthFilter.USER)),
                clock.instant(), body.reason());
        pins.pin(pin);
        LOG.infof("desired state pinned to %s (%s) by %s: %d resource(s); reason: %s", body.to(), commit, pin.pinnedBy(),
                state.resources().size(), body.reason());
        return Response.ok(pin).build();
    }

    @GET
    public DesiredRevisionPin.Pin current() {
        return pins.current().orElseThrow(() -> new NotFoundException("no revision pinned; the phases work tree is desired"));
    }

    @DELETE
    public void clear() {
        if (!pins.clear()) {
            throw new NotFoundException("no revision pinned");
        }
        LOG.info("desired-state pin cleared; the phases work tree is desired again");
    }

    private static Response problem(Map<String, Object> body) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
