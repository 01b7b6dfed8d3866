package io.homeostat.runtime.store;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The incident record: one per detected problem, from detection to close, with its whole timeline under one
 * correlation id. Fields are filled in as services move it forward; {@code version} guards every write.
 *
 * <p>{@code ledger} is the executor's append-only record of every cloud call ({@link IncidentLedger}); it is written
 * outside the version-guarded transitions, so appending to it never makes a transition lose a race.
 * @param approval why the plan waits for a person, until when, and who decided what (null when it never waited)
 * @param adoption the git branch and commit proposing desired = actual (ADOPT), never applied by Homeostat itself
 */
public record Incident(
        String incidentId,
        String correlationId,
        ResourceRef resource,
        IncidentState state,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Trigger trigger,
        List<FieldDiff> diff,
        Classification classification,
        StoredPlan plan,
        Map<String, String> beforeImage,
        List<StepResult> steps,
        String outcome,
        List<FieldDiff> remaining,
        long suppressed,
        List<TimelineEntry> timeline,
        List<LedgerEntry> ledger,
        Approval approval,
        io.homeostat.runtime.gitops.Proposal adoption) {

    /** A brand-new incident as the detector opens it. */
    public static Incident open(String incidentId, ResourceRef resource, Trigger trigger, List<FieldDiff> diff,
                                Instant now, TimelineEntry first) {
        return new Incident(incidentId, incidentId, resource, IncidentState.DETECTED, 1, now, now, trigger, diff,
                null, null, null, List.of(), null, List.of(), 0, List.of(first), List.of(),
                null, null);
    }
}
