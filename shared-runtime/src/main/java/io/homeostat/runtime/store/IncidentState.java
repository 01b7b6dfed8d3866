package io.homeostat.runtime.store;

/**
 * An incident's life, in order. State only moves forward (a later rank); the store enforces it with a condition on
 * the incident's version, so a late or duplicate event can never move an incident backwards.
 *
 * <p>The outcomes share one rank, so none of them can follow another. All are terminal except ESCALATED: a
 * rollback that failed leaves the incident open for people (its resource's guard stays held, so new drift is folded
 * into it instead of starting another repair that could loop) until a person closes it: CLOSED, the last rank.
 */
public enum IncidentState {
    DETECTED(1, false),
    ANALYZED(2, false),
    /**
     * Planned, held until a person decides (drift flag PAUSED, drift mode approve, low confidence, ANOMALY, or a policy
     * rule): approved → PLANNED; rejected → REJECTED; not decided in time → EXPIRED.
     */
    AWAITING_APPROVAL(3, false),
    PLANNED(4, false),
    EXECUTING(5, false),
    EXECUTED(6, false),
    /** Verification failed; the verifier is running the compensations of the steps that succeeded (saga). */
    ROLLING_BACK(7, false),
    RESOLVED(8, true),
    /** Drift reported, deliberately not healed (drift mode notify/approve). */
    NOTIFIED(8, true),
    /** Still differs from desired and nothing could be put back (no step succeeded). */
    FAILED(8, true),
    /** Every step succeeded and the resource is closer to desired, but some fields still differ; not rolled back. */
    PARTIAL(8, true),
    /** Verification failed and the compensations put the resource back to its before-image. */
    ROLLED_BACK(8, true),
    /** A compensation failed, or a step that succeeded has none: people must look. Open, never retried by itself. */
    ESCALATED(8, false),
    /** A person rejected the waiting plan; nothing ran. */
    REJECTED(8, true),
    /** Nobody decided on the waiting plan within {@code homeostat.planner.approval.expiry}; nothing ran. */
    EXPIRED(8, true),
    /**
     * An ESCALATED incident a person closed after looking (who and why on the timeline). Its resource is released at
     * once, without a cooldown: the next scan or event heals it again unless a drift flag pauses it.
     */
    CLOSED(9, true);

    private final int rank;
    private final boolean terminal;

    IncidentState(int rank, boolean terminal) {
        this.rank = rank;
        this.terminal = terminal;
    }

    public boolean isAfter(IncidentState other) {
        return rank > other.rank;
    }

    /** Closed for good: the cooldown has started and new drift on the resource may open a new incident after it. */
    public boolean isTerminal() {
        return terminal;
    }
}
