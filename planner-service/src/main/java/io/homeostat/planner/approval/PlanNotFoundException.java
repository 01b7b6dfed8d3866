package io.homeostat.planner.approval;

/** No incident or plan with the id given: HTTP 404. */
public class PlanNotFoundException extends RuntimeException {

    public PlanNotFoundException(String message) {
        super(message);
    }
}
