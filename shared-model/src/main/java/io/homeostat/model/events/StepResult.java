package io.homeostat.model.events;

/** What happened to one planned step when the executor ran it. */
public record StepResult(int step, String action, Status status, String message, long durationMillis) {

    public enum Status {
        SUCCEEDED,
        FAILED,
        SKIPPED
    }

    public StepResult {
        Required.field(action, "step.action");
        Required.field(status, "step.status");
    }
}
