package io.homeostat.model.envelope;

/**
 * Input that can never be processed as it is: malformed JSON, a missing field, an unknown event type or a schema
 * version this build does not understand. Consumers send such messages to the dead-letter queue with
 * {@link #getMessage()} as the reason and never retry them.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
