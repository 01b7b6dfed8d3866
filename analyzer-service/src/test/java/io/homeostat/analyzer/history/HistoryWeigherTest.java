package io.homeostat.analyzer.history;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.Classification.Kind;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.SimilarIncident;
import io.homeostat.runtime.store.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the outcomes of similar past incidents move the rules' verdict, case by case. */
class HistoryWeigherTest {

    private static final ResourceRef ORDERS = queue("orders");
    private static final ResourceRef AUDIT = queue("audit");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Classification TAMPERING = new Classification(Kind.TAMPERING, 6, 0.9, "changed by someone", "rules");

    private final HistoryWeigher weigher = new HistoryWeigher(3);

    private static ResourceRef queue(String name) {
        return new ResourceRef("aws.sqs.queue", name + "-queue", "messaging", name, "123456789012", "us-east-1");
    }

    /** {@code n} past incidents on {@code resource}, each ending in {@code state}. */
    private static List<Incident> past(int n, ResourceRef resource, IncidentState state) {
        List<Incident> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = resource.name() + "-" + state + "-" + i;
            Instant at = T.minusSeconds(3600L * (i + 1));
            Incident o = Incident.open(id, resource, Trigger.scan(), List.of(), at,
                    new TimelineEntry(at, IncidentState.DETECTED, "detector", "e", null));
            out.add(new Incident(o.incidentId(), o.correlationId(), resource, state, 5, at, at, o.trigger(), o.diff(),
                    TAMPERING, null, null, List.of(), null, List.of(), 0, o.timeline(), List.of(), null, null, List.of(), "sig", List.of()));
        }
        return out;
    }

    @SafeVarargs
    private static List<Incident> all(List<Incident>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no history: the rules' verdict as it is",
                        TAMPERING, List.of(), Kind.TAMPERING, 6, 0.9, List.of(), List.of("History")),
                arguments("one failed repair lowers confidence by 0.15",
                        TAMPERING, past(1, AUDIT, IncidentState.FAILED), Kind.TAMPERING, 6, 0.75,
                        List.of("History: 1 similar incident(s), 1 whose repair failed"), List.of()),
                arguments("two failed repairs: 0.6, below the approval threshold",
                        TAMPERING, past(2, ORDERS, IncidentState.FAILED), Kind.TAMPERING, 6, 0.6,
                        List.of("2 whose repair failed"), List.of()),
                arguments("many failed repairs stop at the floor 0.3",
                        TAMPERING, past(6, AUDIT, IncidentState.FAILED), Kind.TAMPERING, 6, 0.3, List.of("6 whose repair failed"), List.of()),
                arguments("healed three times on this resource and back again → ANOMALY, severity +1, confidence −0.2",
                        TAMPERING, past(3, ORDERS, IncidentState.RESOLVED), Kind.ANOMALY, 7, 0.7,
                        List.of("healed 3 time(s) on this resource", "keeps undoing the repair"), List.of()),
                arguments("healed three times, only two on this resource: not recurring, healed cleanly → +0.05",
                        TAMPERING, all(past(2, ORDERS, IncidentState.RESOLVED), past(1, AUDIT, IncidentState.RESOLVED)),
                        Kind.TAMPERING, 6, 0.95, List.of("3 healed without trouble"), List.of("keeps undoing")),
                arguments("healed on other resources only, never failed → +0.05",
                        TAMPERING, past(4, AUDIT, IncidentState.RESOLVED), Kind.TAMPERING, 6, 0.95, List.of("4 healed"), List.of()),
                arguments("one healed only: too little to raise confidence",
                        TAMPERING, past(1, AUDIT, IncidentState.RESOLVED), Kind.TAMPERING, 6, 0.9, List.of("1 similar"), List.of("healed")),
                arguments("healed twice but one failed: lowered, not raised",
                        TAMPERING, all(past(2, AUDIT, IncidentState.RESOLVED), past(1, AUDIT, IncidentState.FAILED)),
                        Kind.TAMPERING, 6, 0.75, List.of("1 whose repair failed"), List.of("without trouble")),
                arguments("raising stops at 0.99",
                        new Classification(Kind.FAILURE, 8, 0.95, "gone", "rules"), past(2, AUDIT, IncidentState.RESOLVED),
                        Kind.FAILURE, 8, 0.99, List.of(), List.of()),
                arguments("a resource that keeps disappearing stays FAILURE, severity +1, confidence −0.2",
                        new Classification(Kind.FAILURE, 8, 0.95, "gone", "rules"), past(3, ORDERS, IncidentState.RESOLVED),
                        Kind.FAILURE, 9, 0.75, List.of("keeps undoing the repair"), List.of()),
                arguments("recurring and failed: both lower confidence",
                        TAMPERING, all(past(3, ORDERS, IncidentState.RESOLVED), past(1, ORDERS, IncidentState.FAILED)),
                        Kind.ANOMALY, 7, 0.55, List.of("1 whose repair failed", "healed 3 time(s)"), List.of()),
                arguments("NOTIFIED and still-open incidents are listed but move nothing",
                        TAMPERING, all(past(2, ORDERS, IncidentState.NOTIFIED), past(1, AUDIT, IncidentState.EXECUTING)),
                        Kind.TAMPERING, 6, 0.9, List.of("History: 3 similar incident(s)"), List.of("failed", "healed")),
                arguments("NORMAL verdicts are left alone (nothing is healed for them)",
                        new Classification(Kind.NORMAL, 2, 0.9, "allowed", "rules"), past(4, ORDERS, IncidentState.FAILED),
                        Kind.NORMAL, 2, 0.9, List.of(), List.of("History")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void cases(String reason, Classification rules, List<Incident> past, Kind kind, int severity, double confidence,
               List<String> rationaleHas, List<String> rationaleLacks) {
        HistoryWeigher.Weighed w = weigher.weigh(rules, ORDERS, past);
        Classification c = w.classification();

        assertAll(reason,
                () -> assertEquals(kind, c.kind(), "kind"),
                () -> assertEquals(severity, c.severity(), "severity"),
                () -> assertEquals(confidence, c.confidence(), 1e-9, "confidence"),
                () -> assertEquals(rules.analyzer(), c.analyzer()),
                () -> assertTrue(c.rationale().startsWith(rules.rationale()), "keeps the rules' rationale first"),
                () -> rationaleHas.forEach(s -> assertTrue(c.rationale().contains(s), "[" + s + "] in " + c.rationale())),
                () -> rationaleLacks.forEach(s -> assertTrue(!c.rationale().contains(s), "no [" + s + "] in " + c.rationale())),
                () -> assertEquals(past.size(), w.similar().size(), "every similar incident is listed"));
    }

    @Test
    void theListingCarriesOutcomeKindAndWhetherItWasThisResource() {
        List<SimilarIncident> listed = weigher.weigh(TAMPERING, ORDERS,
                all(past(1, ORDERS, IncidentState.FAILED), past(1, AUDIT, IncidentState.RESOLVED))).similar();

        assertEquals(List.of(
                new SimilarIncident("orders-FAILED-0", "orders", T.minusSeconds(3600), "TAMPERING", "FAILED", true),
                new SimilarIncident("audit-RESOLVED-0", "audit", T.minusSeconds(3600), "TAMPERING", "RESOLVED", false)), listed);
    }
}
