package io.homeostat.runtime.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The operator API's error answer: the status and {@code {"error": "…"}}, which the CLI and dashboard print as is. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static WebApplicationException error(Response.Status status, String message) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message)).build());
    }
}
