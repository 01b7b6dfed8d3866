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
 * <p>{@code signature} (the change signature the analyzer derives: type, trigger kind, changed field keys) and
 * {@code similar} (earlier incidents with that signature and their outcomes) are set when the incident is analyzed.
 * @param approval why the plan waits for a person, until when, and who decided what (null when it never waited)
 * @param adoption the git branch and commit proposing desired = actual (ADOPT), never applied by Homeostat itself
 * @param outcome the incident's verdict once verified ({@code IncidentClosed.Outcome} name, or ESCALATED): what the
 *     analyzer's history reads per incident
 * @param compensations the ledger of the verifier's compensating calls (saga), in the order they ran
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
        io.homeostat.runtime.gitops.Proposal adoption,
        List<StepResult> compensations,
        String signature,
        List<SimilarIncident> similar) {

    public Incident {
        ledger = ledger == null ? List.of() : List.copyOf(ledger);
        compensations = compensations == null ? List.of() : List.copyOf(compensations);
        similar = similar == null ? List.of() : List.copyOf(similar);
    }

    /** Only what the detector, analyzer and planner fill in (no ledger, approval, adoption, compensations or history). */
    public Incident(String incidentId, String correlationId, ResourceRef resource, IncidentState state, long version,
                    Instant createdAt, Instant updatedAt, Trigger trigger, List<FieldDiff> diff, Classification classification,
                    StoredPlan plan, Map<String, String> beforeImage, List<StepResult> steps, String outcome,
                    List<FieldDiff> remaining, long suppressed, List<TimelineEntry> timeline) {
        this(incidentId, correlationId, resource, state, version, createdAt, updatedAt, trigger, diff, classification, plan,
                beforeImage, steps, outcome, remaining, suppressed, timeline, List.of(), null, null, List.of(), null, List.of());
    }

    /** A brand-new incident as the detector opens it. */
    public static Incident open(String incidentId, ResourceRef resource, Trigger trigger, List<FieldDiff> diff,
                                Instant now, TimelineEntry first) {
        return new Incident(incidentId, incidentId, resource, IncidentState.DETECTED, 1, now, now, trigger, diff,
                null, null, null, List.of(), null, List.of(), 0, List.of(first));
    }
}
