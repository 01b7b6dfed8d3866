package io.homeostat.runtime.store;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cloud call the executor made for an incident, as kept in the incident's append-only ledger. Written once before
 * the call ({@link #CALLING}) and completed in place after it, so a crash mid-call leaves an entry still
 * {@code CALLING}: the call may or may not have reached the cloud.
 *
 * @param callId unique per call (the request token plus the time it was written), what the completion is matched on
 * @param step the plan step the call belongs to
 * @param attempt 1 for the first try of the step, 2 for the first retry, ...
 * @param action the typed action ({@code aws.sqs.queue/SetQueueAttributes})
 * @param parameters as planned, secrets masked (values resolved from the desired state never appear)
 * @param clientToken deterministic per incident, step and attempt: a redelivered plan makes the same call with the same
 *     token, so APIs that take an idempotency token deduplicate it, and a reader sees the repeat
 * @param result {@link #CALLING}, {@link #SUCCEEDED} or {@link #FAILED}
 * @param message what the provider answered, or the error
 * @param errorCode the cloud's error code when the call failed ({@code ThrottlingException}, {@code AccessDenied}, ...)
 * @param retryable whether the failure was worth retrying (throttling, 5xx, timeouts, connection errors)
 */
public record LedgerEntry(String callId, int step, int attempt, String action, Map<String, String> parameters,
                          String clientToken, Instant startedAt, String result, String message, String errorCode,
                          boolean retryable, long durationMillis) {

    public static final String CALLING = "CALLING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    public LedgerEntry {
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    }

    /** The entry written before the call. */
    public static LedgerEntry calling(String callId, int step, int attempt, String action, Map<String, String> parameters,
                                      String clientToken, Instant startedAt) {
        return new LedgerEntry(callId, step, attempt, action, parameters, clientToken, startedAt, CALLING, null, null, false, 0);
    }

    public LedgerEntry succeeded(String message, long durationMillis) {
        return new LedgerEntry(callId, step, attempt, action, parameters, clientToken, startedAt, SUCCEEDED, message, null, false, durationMillis);
    }

    public LedgerEntry failed(String message, String errorCode, boolean retryable, long durationMillis) {
        return new LedgerEntry(callId, step, attempt, action, parameters, clientToken, startedAt, FAILED, message, errorCode, retryable, durationMillis);
    }
}
