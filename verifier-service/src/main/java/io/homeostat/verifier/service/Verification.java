package io.homeostat.verifier.service;

import io.homeostat.model.events.IncidentClosed;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.RecoveryExecuted;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.store.StoredPlan;

/** Decides an incident's outcome from a fresh observation of the resource and what the executor reported. */
public final class Verification {

    private Verification() {}

    public static IncidentClosed.Outcome outcome(Observation live, RecoveryExecuted executed, StoredPlan plan) {
        if (live.upToDate() && executed.allSucceeded()) {
            return IncidentClosed.Outcome.RESOLVED;
        }
        if (plan != null && plan.strategy() == PlanReady.Strategy.NOTIFY_ONLY) {
            return live.upToDate() ? IncidentClosed.Outcome.RESOLVED : IncidentClosed.Outcome.NOTIFIED;
        }
        return IncidentClosed.Outcome.FAILED;
    }
}
