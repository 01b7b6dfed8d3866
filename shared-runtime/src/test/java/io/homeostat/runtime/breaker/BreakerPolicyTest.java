package io.homeostat.runtime.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.breaker.BreakerPolicy.Denied;
import io.homeostat.runtime.breaker.BreakerPolicy.Granted;
import io.homeostat.runtime.breaker.BreakerPolicy.Outcome;
import io.homeostat.runtime.breaker.BreakerState.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every transition of the breaker, driven through the pure policy with explicit times. */
class BreakerPolicyTest {

    /** 3 failures in 60 s open it for 30 s; 2 plans at once; 1 probe; slots held 120 s. */
    private final BreakerPolicy policy = new BreakerPolicy(new BreakerSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(30),
            2, 1, Duration.ofSeconds(120)));

    private BreakerState state = BreakerState.initial();

    private BreakerPolicy.Decision acquire(String id, long at) {
        BreakerPolicy.Decision d = policy.acquire(state, id, at);
        state = d.next();
        return d;
    }

    private void release(String id, Outcome outcome, long at) {
        state = policy.release(state, id, outcome, at);
    }

    private void fail(String id, long at) {
        assertInstanceOf(Granted.class, acquire(id, at), id);
        release(id, Outcome.FAILED, at);
    }

    @Test
    void opensAfterTheThresholdOfFailuresWithinTheWindow() {
        fail("a", 1_000);
        fail("b", 2_000);
        assertEquals(Status.CLOSED, state.status(), "two failures are below the threshold");
        fail("c", 3_000);
        assertEquals(Status.OPEN, state.status());
        assertEquals(3_000, state.openedAtMillis());
        Denied d = assertInstanceOf(Denied.class, acquire("d", 4_000));
        assertEquals(Duration.ofSeconds(29), d.retryAfter(), "wait until the open duration has run out");
        assertTrue(d.reason().startsWith("circuit breaker open"), d.reason());
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        fail("a", 1_000);
        fail("b", 30_000);
        fail("c", 62_000);
        assertEquals(Status.CLOSED, state.status(), "the first fell out of the 60 s window");
        assertEquals(List.of(30_000L, 62_000L), policy.current(state, 62_000).failures());
    }

    @Test
    void successesAndRefusalsNeverOpenIt() {
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(Granted.class, acquire("s" + i, i));
            release("s" + i, i % 2 == 0 ? Outcome.SUCCEEDED : Outcome.NEUTRAL, i);
        }
        assertEquals(Status.CLOSED, state.status());
        assertEquals(0, state.failures().size());
    }

    @Test
    void halfOpensAfterTheOpenDurationLetsOneProbeAndClosesWhenItSucceeds() {
        openAt(3_000);
        assertEquals(Status.HALF_OPEN, policy.current(state, 33_000).status(), "a read after 30 s sees half-open");
        Granted probe = assertInstanceOf(Granted.class, acquire("p", 33_000));
        assertTrue(probe.probe());
        Denied second = assertInstanceOf(Denied.class, acquire("q", 33_001), "only one probe at a time");
        assertTrue(second.reason().contains("half-open"), second.reason());
        assertEquals(Duration.ofSeconds(5), second.retryAfter());
        release("p", Outcome.SUCCEEDED, 34_000);
        assertEquals(Status.CLOSED, state.status());
        assertEquals(0, state.failures().size(), "a closed breaker starts counting afresh");
        assertInstanceOf(Granted.class, acquire("q", 34_001));
    }

    @Test
    void aFailingProbeReopensItForAnotherOpenDuration() {
        openAt(3_000);
        assertInstanceOf(Granted.class, acquire("p", 40_000));
        release("p", Outcome.FAILED, 41_000);
        assertEquals(Status.OPEN, state.status());
        assertEquals(41_000, state.openedAtMillis());
        assertInstanceOf(Denied.class, acquire("q", 70_000));
        assertEquals(Status.HALF_OPEN, policy.current(state, 71_000).status());
    }

    @Test
    void aNeutralProbeFreesItsSlotWithoutDeciding() {
        openAt(3_000);
        assertInstanceOf(Granted.class, acquire("p", 40_000));
        release("p", Outcome.NEUTRAL, 40_500);
        assertEquals(Status.HALF_OPEN, state.status());
        assertTrue(assertInstanceOf(Granted.class, acquire("q", 40_600)).probe(), "the next plan probes");
    }

    @Test
    void aProbeWhoseReplicaDiedIsReplacedWhenItsLeaseRunsOut() {
        openAt(3_000);
        assertInstanceOf(Granted.class, acquire("p", 40_000));
        assertInstanceOf(Denied.class, acquire("q", 100_000));
        assertTrue(assertInstanceOf(Granted.class, acquire("q", 160_001)).probe(), "p's 120 s lease ended");
    }

    @Test
    void maxInFlightMakesTheNextPlanWaitUntilOneEnds() {
        assertInstanceOf(Granted.class, acquire("a", 1));
        assertInstanceOf(Granted.class, acquire("b", 2));
        Denied d = assertInstanceOf(Denied.class, acquire("c", 3));
        assertTrue(d.reason().contains("max-in-flight 2"), d.reason());
        release("a", Outcome.SUCCEEDED, 4);
        assertInstanceOf(Granted.class, acquire("c", 5));
    }

    @Test
    void askingAgainForARunningPlanRenewsItsSlotInsteadOfTakingAnother() {
        assertInstanceOf(Granted.class, acquire("a", 1));
        assertInstanceOf(Granted.class, acquire("a", 100_000));
        assertEquals(1, state.inFlight().size());
        assertEquals(220_000, state.inFlight().get("a"));
        assertInstanceOf(Granted.class, acquire("b", 100_001));
    }

    @Test
    void aPlanThatStartedBeforeItOpenedAndFailsLaterChangesNothingMore() {
        assertInstanceOf(Granted.class, acquire("slow", 500));
        openAt(3_000);
        release("slow", Outcome.FAILED, 10_000);
        assertEquals(Status.OPEN, state.status());
        assertEquals(3_000, state.openedAtMillis(), "not re-opened: only probes decide now");
        assertTrue(state.inFlight().isEmpty());
    }

    private void openAt(long at) {
        fail("x1", at - 2);
        fail("x2", at - 1);
        fail("x3", at);
        assertEquals(Status.OPEN, state.status());
    }
}
