package io.homeostat.dashboard.upstream;

/** The services the dashboard forwards to, each with the operator API routes the page uses. */
public enum Upstream {
    /** {@code /api/status}, {@code /api/incidents}, {@code /api/dlq}. */
    DETECTOR("detector"),
    /** {@code /api/plans} and the decisions on them. */
    PLANNER("planner");

    private final String label;

    Upstream(String label) {
        this.label = label;
    }

    /** The service's name as people know it, used in error messages. */
    public String label() {
        return label;
    }
}
