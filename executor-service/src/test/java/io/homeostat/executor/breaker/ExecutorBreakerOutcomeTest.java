package io.homeostat.executor.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.StepResult.Status;
import io.homeostat.runtime.breaker.BreakerPolicy.Outcome;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the breaker learns from a finished plan: only the cloud's own failures count against it. */
class ExecutorBreakerOutcomeTest {

    private static StepResult step(Status status, int attempts, String code) {
        return new StepResult(1, "aws.sqs.queue/SetQueueAttributes", status, "m", 1, attempts, code);
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                arguments("every step succeeded", List.of(step(Status.SUCCEEDED, 1, null), step(Status.SUCCEEDED, 3, null)), Outcome.SUCCEEDED),
                arguments("access denied after one call", List.of(step(Status.FAILED, 1, "AccessDenied"), step(Status.SKIPPED, 0, null)), Outcome.FAILED),
                arguments("gave up on throttling", List.of(step(Status.SUCCEEDED, 1, null), step(Status.FAILED, 3, "ThrottlingException")), Outcome.FAILED),
                arguments("refused before any call: not the cloud's fault",
                        List.of(step(Status.FAILED, 0, StepResult.REFUSED), step(Status.SKIPPED, 0, null)), Outcome.NEUTRAL),
                arguments("succeeded, then refused: proves nothing either way",
                        List.of(step(Status.SUCCEEDED, 1, null), step(Status.FAILED, 0, StepResult.REFUSED)), Outcome.NEUTRAL),
                arguments("nothing ran", List.of(), Outcome.NEUTRAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void outcomes(String reason, List<StepResult> steps, Outcome expected) {
        assertEquals(expected, ExecutorBreaker.outcome(steps), reason);
    }
}
