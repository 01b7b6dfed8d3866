package io.homeostat.verifier.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlanReady.Strategy;
import io.homeostat.model.events.RecoveryExecuted;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.StepResult.Status;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.store.StoredPlan;
import io.homeostat.verifier.service.Verification.Verdict;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerificationTest {

    private static final ResourceRef QUEUE =
            new ResourceRef("aws.sqs.queue", "orders", "phase-1", "orders-queue", "123456789012", "us-east-1");

    private static final Observation UP_TO_DATE = new Observation(true, List.of(), Map.of("attributes.VisibilityTimeout", "30"));
    private static final Observation DRIFTED = new Observation(true,
            List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "5")), Map.of("attributes.VisibilityTimeout", "5"));
    private static final Observation GONE = Observation.missing();
    private static final Observation SAME = new Observation(true, List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "5"),
            new FieldDiff("tags.team", "payments", null)), Map.of());
    private static final Observation WORSE = new Observation(true, List.of(new FieldDiff("attributes.DelaySeconds", "0", "9")), Map.of());
    /** What the incident was opened for: two fields differed. */
    private static final List<FieldDiff> ORIGINAL = List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99"),
            new FieldDiff("tags.team", "payments", null));

    private static RecoveryExecuted executed(Status... statuses) {
        List<StepResult> steps = Arrays.stream(statuses)
                .map(s -> new StepResult(1, "aws.sqs.queue/SetQueueAttributes", s, s.name(), 1))
                .toList();
        return new RecoveryExecuted(RecoveryExecuted.CURRENT_VERSION, "inc-1", "inc-1", null, QUEUE, "plan-1", steps);
    }

    private static StoredPlan plan(Strategy strategy) {
        return new StoredPlan("plan-1", strategy, List.of());
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                // reason, live, executed, plan, expected
                arguments("restored and every step succeeded → RESOLVED",
                        UP_TO_DATE, executed(Status.SUCCEEDED, Status.SUCCEEDED), plan(Strategy.RESTORE), Verdict.VERIFIED),
                arguments("RESTORE with zero steps (already back at desired) → RESOLVED",
                        UP_TO_DATE, executed(), plan(Strategy.RESTORE), Verdict.VERIFIED),
                arguments("up to date although a step FAILED → VERIFIED (rolling back would move it away from desired)",
                        UP_TO_DATE, executed(Status.SUCCEEDED, Status.FAILED, Status.SKIPPED), plan(Strategy.RESTORE), Verdict.VERIFIED),
                arguments("every step succeeded, one of two differences gone → PARTIAL",
                        DRIFTED, executed(Status.SUCCEEDED, Status.SUCCEEDED), plan(Strategy.RESTORE), Verdict.PARTIAL),
                arguments("closer to desired but a step failed → FAILED (the saga decides what to undo)",
                        DRIFTED, executed(Status.SUCCEEDED, Status.FAILED), plan(Strategy.RESTORE), Verdict.FAILED),
                arguments("a field differs now that did not before → FAILED (worse somewhere)",
                        WORSE, executed(Status.SUCCEEDED, Status.SUCCEEDED), plan(Strategy.RESTORE), Verdict.FAILED),
                arguments("steps all SKIPPED, still drifted → FAILED (nothing was tried)",
                        DRIFTED, executed(Status.SKIPPED), plan(Strategy.RESTORE), Verdict.FAILED),
                arguments("up to date, skipped steps only count as not failed → RESOLVED",
                        UP_TO_DATE, executed(Status.SUCCEEDED, Status.SKIPPED), plan(Strategy.RESTORE), Verdict.VERIFIED),
                arguments("the same drift remains after RESTORE whose steps all succeeded → FAILED (not closer)",
                        SAME, executed(Status.SUCCEEDED), plan(Strategy.RESTORE), Verdict.FAILED),
                arguments("drift remains after RESTORE with a failed step → FAILED",
                        DRIFTED, executed(Status.FAILED), plan(Strategy.RESTORE), Verdict.FAILED),
                arguments("resource still missing after RESTORE → FAILED",
                        GONE, executed(Status.SUCCEEDED), plan(Strategy.RESTORE), Verdict.FAILED),
                arguments("drift remains under NOTIFY_ONLY → NOTIFIED",
                        DRIFTED, executed(), plan(Strategy.NOTIFY_ONLY), Verdict.NOTIFIED),
                arguments("resource missing under NOTIFY_ONLY → NOTIFIED",
                        GONE, executed(), plan(Strategy.NOTIFY_ONLY), Verdict.NOTIFIED),
                arguments("NOTIFY_ONLY but the resource came back on its own → RESOLVED",
                        UP_TO_DATE, executed(), plan(Strategy.NOTIFY_ONLY), Verdict.VERIFIED),
                arguments("NOTIFY_ONLY, up to date, a (stray) failed step does not make it FAILED → RESOLVED",
                        UP_TO_DATE, executed(Status.FAILED), plan(Strategy.NOTIFY_ONLY), Verdict.VERIFIED),
                arguments("NOTIFY_ONLY, drifted, a (stray) failed step → NOTIFIED",
                        DRIFTED, executed(Status.FAILED), plan(Strategy.NOTIFY_ONLY), Verdict.NOTIFIED),
                arguments("no plan stored, up to date, all succeeded → RESOLVED",
                        UP_TO_DATE, executed(Status.SUCCEEDED), null, Verdict.VERIFIED),
                arguments("no plan stored, drift remains → FAILED (never silently NOTIFIED)",
                        DRIFTED, executed(), null, Verdict.FAILED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void outcomes(String reason, Observation live, RecoveryExecuted executed, StoredPlan plan, Verdict expected) {
        assertEquals(expected, Verification.verdict(live, executed, plan, ORIGINAL), reason);
    }
}
