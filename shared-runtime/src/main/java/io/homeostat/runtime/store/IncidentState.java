package io.homeostat.runtime.store;

/**
 * An incident's life, in order. State only moves forward (a later rank); the store enforces it with a condition on
 * the incident's version, so a late or duplicate event can never move an incident backwards.
 */
public enum IncidentState {
    DETECTED(1),
    ANALYZED(2),
    /** Planned, held until a person approves (the resource's drift flag is PAUSED). */
    AWAITING_APPROVAL(3),
    PLANNED(4),
    EXECUTING(5),
    EXECUTED(6),
    RESOLVED(7),
    /** Drift reported, deliberately not healed (drift mode notify/approve). */
    NOTIFIED(7),
    FAILED(7);

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
