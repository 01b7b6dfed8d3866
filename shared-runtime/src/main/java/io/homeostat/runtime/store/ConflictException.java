package io.homeostat.runtime.store;

/**
 * A conditional write lost a race: the item changed between our read and our write. The caller re-reads and decides
 * again; it is never an error to report.
 */
public class ConflictException extends RuntimeException {

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
