package io.homeostat.model;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.IncidentAnalyzed;
import io.homeostat.model.events.IncidentClosed;
import io.homeostat.model.events.IncidentEvent;
import io.homeostat.model.events.LogEvidence;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.PolicyDecision;
import io.homeostat.model.events.RecoveryExecuted;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One fixed payload per golden file: {@code golden/v<N>/<detail-type>.json} holds the payload keyed {@code v<N>/<type>}.
 * The newest version of each type is what the records write today; older ones must still decode (an old producer may
 * still be running during a rolling upgrade).
 */
final class Samples {

    static final String INCIDENT = "5f0c1d2e-8a1b-4c3d-9e4f-0a1b2c3d4e5f";
    static final ResourceRef QUEUE = new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders", "123456789012", "us-east-1");
    static final List<FieldDiff> DIFF = List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99"));

    static Map<String, IncidentEvent> goldens() {
        Map<String, IncidentEvent> goldens = new java.util.TreeMap<>();
        v1().forEach((type, payload) -> goldens.put("v1/" + type, payload));
        Instant t = Instant.parse("2026-11-23T01:00:00Z");
        ResourceRef pattern = new ResourceRef("homeostat.log-pattern", "log-checkout-4f1c2a9e", null, "checkout", "123456789012", "us-east-1");
        goldens.put("v2/drift.detected", new DriftDetected(2, INCIDENT, INCIDENT, "log_anomaly", pattern,
                Trigger.logAnomaly(new LogEvidence("checkout", "ERROR payment <uuid> failed: timeout after <n> ms", t, 60, 48,
                        2.5, 1.25, 36.4, 0.99, List.of("ERROR payment 0b8e6c1e-2f8a-4d49-9a57-5d1f2b3c4d5e failed: timeout after 3000 ms"))),
                List.of(new FieldDiff("log.checkout.rate", "2.5", "48")), t));
        goldens.put("v2/plan.ready", new PlanReady(2, INCIDENT, INCIDENT, "evt-analyzed", QUEUE, "plan-1",
                PlanReady.Strategy.RESTORE,
                List.of(new PlannedAction(1, "aws.sqs.queue/SetQueueAttributes",
                        Map.of("queueName", "orders", "VisibilityTimeout", "30"), "restore 1 attribute")
                        .guarded(Map.of("attributes.VisibilityTimeout", "99"),
                                new PlannedAction(1, "aws.sqs.queue/SetQueueAttributes",
                                        Map.of("queueName", "orders", "VisibilityTimeout", "99"),
                                        "put back VisibilityTimeout as observed before the repair")))));
        goldens.put("v2/recovery.executed", new RecoveryExecuted(2, INCIDENT, INCIDENT, "evt-plan", QUEUE, "plan-1",
                List.of(new StepResult(1, "aws.sqs.queue/SetQueueAttributes", StepResult.Status.SUCCEEDED, "ok", 412, 3, null),
                        new StepResult(2, "aws.sqs.queue/TagQueue", StepResult.Status.FAILED,
                                "tag failed: not authorized", 9, 1, "AccessDenied"),
                        new StepResult(3, "aws.sqs.queue/UntagQueue", StepResult.Status.SKIPPED, "an earlier step failed", 0, 0, null))));
        goldens.put("v3/plan.ready", new PlanReady(3, INCIDENT, INCIDENT, "evt-analyzed", QUEUE, "plan-1",
                PlanReady.Strategy.RESTORE,
                List.of(new PlannedAction(1, "aws.sqs.queue/SetQueueAttributes",
                        Map.of("queueName", "orders", "VisibilityTimeout", "30"), "restore 1 attribute")
                        .guarded(preconditions(),
                                new PlannedAction(1, "aws.sqs.queue/SetQueueAttributes",
                                        Map.of("queueName", "orders", "VisibilityTimeout", "99"),
                                        "put back VisibilityTimeout as observed before the repair"))),
                new PolicyDecision(PolicyDecision.Effect.REQUIRE_APPROVAL, List.of(new PolicyDecision.Match(
                        "prod-needs-approval", "config", PolicyDecision.Effect.REQUIRE_APPROVAL, 1,
                        "aws.sqs.queue/SetQueueAttributes", "changes in prod wait for a person")))));
        goldens.put("v2/incident.closed", new IncidentClosed(2, INCIDENT, INCIDENT, "evt-executed", QUEUE,
                IncidentClosed.Outcome.ROLLED_BACK, DIFF, t, t.plusMillis(1250),
                List.of(new StepResult(1, "aws.sqs.queue/SetQueueAttributes", StepResult.Status.SUCCEEDED,
                        "set VisibilityTimeout=99", 9))));
        return goldens;
    }

    /** A changed attribute, and a tag that must still be absent (null: the v3 golden pins how that is written). */
    private static Map<String, String> preconditions() {
        Map<String, String> p = new java.util.HashMap<>();
        p.put("attributes.VisibilityTimeout", "99");
        p.put("tags.owner", null);
        return p;
    }

    private static Map<String, IncidentEvent> v1() {
        Instant t = Instant.parse("2026-11-23T01:00:00Z");
        return Map.of(
                "drift.detected", new DriftDetected(1, INCIDENT, INCIDENT, "ct-event-1", QUEUE,
                        new Trigger(Trigger.Kind.CLOUDTRAIL, "ct-event-1", "SetQueueAttributes",
                                "arn:aws:iam::123456789012:user/mallory", "203.0.113.7", "aws-cli/2.15", t),
                        DIFF, t),
                "incident.analyzed", new IncidentAnalyzed(1, INCIDENT, INCIDENT, "evt-drift", QUEUE,
                        new Classification(Classification.Kind.TAMPERING, 6, 0.9,
                                "SetQueueAttributes by arn:aws:iam::123456789012:user/mallory changed 1 field", "rules"),
                        DIFF),
                "plan.ready", new PlanReady(1, INCIDENT, INCIDENT, "evt-analyzed", QUEUE, "plan-1",
                        PlanReady.Strategy.RESTORE,
                        List.of(new PlannedAction(1, "aws.sqs.queue/SetQueueAttributes",
                                Map.of("queueName", "orders", "VisibilityTimeout", "30"), "restore 1 attribute"))),
                "recovery.executed", new RecoveryExecuted(1, INCIDENT, INCIDENT, "evt-plan", QUEUE, "plan-1",
                        List.of(new StepResult(1, "aws.sqs.queue/SetQueueAttributes", StepResult.Status.SUCCEEDED, "ok", 12))),
                "incident.closed", new IncidentClosed(1, INCIDENT, INCIDENT, "evt-executed", QUEUE,
                        IncidentClosed.Outcome.RESOLVED, List.of(), t, t.plusMillis(850)));
    }

    private Samples() {}
}
