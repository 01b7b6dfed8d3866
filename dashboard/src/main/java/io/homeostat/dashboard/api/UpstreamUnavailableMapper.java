package io.homeostat.dashboard.api;

import io.homeostat.dashboard.upstream.UpstreamUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A service that did not answer: 502 (refused, unreachable) or 504 (too slow), as JSON naming the service, so the page
 * can say "planner unreachable" instead of failing silently or sending the user back to sign in.
 */
@Provider
public class UpstreamUnavailableMapper implements ExceptionMapper<UpstreamUnavailableException> {

    private static final Logger LOG = Logger.getLogger(UpstreamUnavailableMapper.class);

    @Override
    public Response toResponse(UpstreamUnavailableException e) {
        LOG.warnf("forwarding failed: %s", e.getMessage());
        Response.Status status = e.timedOut() ? Response.Status.GATEWAY_TIMEOUT : Response.Status.BAD_GATEWAY;
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage(), "upstream", e.upstream().label()))
                .build();
    }
}
