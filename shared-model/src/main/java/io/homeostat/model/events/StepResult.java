package io.homeostat.model.events;

/**
 * What happened to one planned step when the executor ran it.
 *
 * @param attempts cloud calls made for this step (retries included); 0 when the step was refused or skipped before any
 *     call; {@code null} in schema v1 events, which did not say
 * @param errorCode the cloud's error code of the last failed call ({@code ThrottlingException}, {@code AccessDenied},
 *     {@code ClientError} for a transport failure), {@code Refused} when the step never reached the cloud, {@code Stale} when it was refused because the resource
 *     changed after planning; {@code null}
 *     when it succeeded or was skipped (and in v1 events). The full per-call story is in the incident's ledger.
 */
public record StepResult(int step, String action, Status status, String message, long durationMillis,
                         Integer attempts, String errorCode) {

    /** {@link #errorCode} of a step refused before any call because it did not bind (not in the catalogue, invalid). */
    public static final String REFUSED = "Refused";

    /**
     * {@link #errorCode} of a step refused before any call because a precondition no longer held: the resource changed
     * after the plan was made, so the plan is stale and a fresh look must plan again.
     */
    public static final String STALE = "Stale";

    public enum Status {
        SUCCEEDED,
        FAILED,
        SKIPPED
    }

    public StepResult {
        Required.field(action, "step.action");
        Required.field(status, "step.status");
    }

    /** A result as schema v1 carried it: no attempt count, no error code. */
    public StepResult(int step, String action, Status status, String message, long durationMillis) {
        this(step, action, status, message, durationMillis, null, null);
    }

    /** Whether the step was refused because the resource had changed since planning. */
    public boolean stale() {
        return status == Status.FAILED && STALE.equals(errorCode);
    }

    /** Whether a cloud call made for this step failed (as opposed to a refusal, a skip or a success). */
    public boolean failedInTheCloud() {
        return status == Status.FAILED && attempts != null && attempts > 0;
    }
}
