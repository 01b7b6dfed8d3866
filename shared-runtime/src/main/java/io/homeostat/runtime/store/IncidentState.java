package io.homeostat.runtime.store;

/**
 * An incident's life, in order. State only moves forward (a later rank); the store enforces it with a condition on
 * the incident's version, so a late or duplicate event can never move an incident backwards.
 */
public enum IncidentState {
    DETECTED(1),
    ANALYZED(2),
    /**
     * Planned, held until a person decides (drift flag PAUSED, drift mode approve, low confidence, ANOMALY, or a policy
     * rule): approved → PLANNED; rejected → REJECTED; not decided in time → EXPIRED.
     */
    AWAITING_APPROVAL(3),
    PLANNED(4),
    EXECUTING(5),
    EXECUTED(6),
    RESOLVED(7),
    /** Drift reported, deliberately not healed (drift mode notify/approve). */
    NOTIFIED(7),
    FAILED(7),
    /** A person rejected the waiting plan; nothing ran. */
    REJECTED(7),
    /** Nobody decided on the waiting plan within {@code homeostat.planner.approval.expiry}; nothing ran. */
    EXPIRED(7);

    private final int rank;

    IncidentState(int rank) {
        this.rank = rank;
    }

    public boolean isAfter(IncidentState other) {
        return rank > other.rank;
    }

    public boolean isTerminal() {
        return rank == 7;
    }
}
