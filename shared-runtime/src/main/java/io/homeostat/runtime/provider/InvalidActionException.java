package io.homeostat.runtime.provider;

/** A planned action that is not in the provider's catalogue, or whose parameters do not validate. Never retried. */
public class InvalidActionException extends RuntimeException {

    public InvalidActionException(String message) {
        super(message);
    }
}
