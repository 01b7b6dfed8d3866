package io.homeostat.analyzer.history;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.Classification.Kind;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.SimilarIncident;
import java.util.List;
import java.util.Set;

/**
 * Lets the outcomes of similar past incidents adjust the rules' verdict, deterministically. An outcome is the past
 * incident's state name, read generically so states added later count too:
 *
 * <ul>
 *   <li>repairs that did not hold — {@code FAILED} or {@code ROLLED_BACK} — lower confidence by 0.15 each (floor
 *       0.3): healing this kind of change has gone wrong before, so a person should approve the next try;</li>
 *   <li>{@code recurrence-threshold} or more RESOLVED incidents of this signature on <em>the same resource</em> mean
 *       the change keeps coming back after healing (someone or something keeps undoing the repair): the class becomes
 *       ANOMALY (a FAILURE stays one), severity +1, confidence −0.2 (floor 0.3) — healing again without a person
 *       looking would only continue the fight;</li>
 *   <li>otherwise two or more RESOLVED and none failed raise confidence by 0.05 (cap 0.99): healed the same way
 *       before, without trouble.</li>
 * </ul>
 *
 * Other outcomes (NOTIFIED, REJECTED, EXPIRED, …) and open incidents are listed but do not move the numbers. NORMAL
 * verdicts are left alone: nothing is healed for them anyway.
 */
public final class HistoryWeigher {

    static final Set<String> REPAIR_FAILED = Set.of("FAILED", "ROLLED_BACK");
    static final String HEALED = IncidentState.RESOLVED.name();
    static final double FLOOR = 0.3;

    private final int recurrenceThreshold;

    public HistoryWeigher(int recurrenceThreshold) {
        this.recurrenceThreshold = Math.max(1, recurrenceThreshold);
    }

    /** The verdict after history, and the history as it is listed on the incident. */
    public record Weighed(Classification classification, List<SimilarIncident> similar) {}

    public Weighed weigh(Classification rules, ResourceRef resource, List<Incident> past) {
        List<SimilarIncident> similar = past.stream().map(i -> new SimilarIncident(i.incidentId(), i.resource().name(),
                i.createdAt(), i.classification() == null ? null : i.classification().kind().name(), i.state().name(),
                i.resource().key().equals(resource.key()))).toList();
        if (similar.isEmpty() || rules.kind() == Kind.NORMAL) {
            return new Weighed(rules, similar);
        }
        long failed = similar.stream().filter(s -> REPAIR_FAILED.contains(s.outcome())).count();
        long healed = similar.stream().filter(s -> HEALED.equals(s.outcome())).count();
        long healedHere = similar.stream().filter(s -> s.sameResource() && HEALED.equals(s.outcome())).count();

        Kind kind = rules.kind();
        int severity = rules.severity();
        double confidence = rules.confidence();
        StringBuilder why = new StringBuilder(rules.rationale()).append(". History: ").append(similar.size())
                .append(" similar incident(s)");
        if (failed > 0) {
            confidence = Math.max(FLOOR, confidence - 0.15 * failed);
            why.append(", ").append(failed).append(" whose repair failed");
        }
        if (healedHere >= recurrenceThreshold) {
            // A resource that keeps disappearing stays a FAILURE (the planner recreates it, with approval now).
            kind = kind == Kind.FAILURE ? Kind.FAILURE : Kind.ANOMALY;
            severity = Math.min(10, severity + 1);
            confidence = Math.max(FLOOR, confidence - 0.2);
            why.append(", healed ").append(healedHere).append(" time(s) on this resource and changed again:"
                    + " something keeps undoing the repair");
        } else if (healed >= 2 && failed == 0) {
            confidence = Math.min(0.99, confidence + 0.05);
            why.append(", ").append(healed).append(" healed without trouble");
        }
        return new Weighed(new Classification(kind, severity, round(confidence), why.toString(), rules.analyzer()), similar);
    }

    /** Two decimals: 0.9 − 0.15 reads 0.75, not 0.7500000000000001. */
    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
