package io.homeostat.planner.approval;

/** A decision on a plan that is not waiting any more (expired, rejected, approved, adopted, never held): HTTP 409. */
public class DecisionRefusedException extends RuntimeException {

    public DecisionRefusedException(String message) {
        super(message);
    }
}
