package io.homeostat.mcp.api;

/** An operator API call that did not succeed, with the reason a person (or the assistant) can act on. */
public class ApiCallException extends RuntimeException {

    public ApiCallException(String message) {
        super(message);
    }
}
