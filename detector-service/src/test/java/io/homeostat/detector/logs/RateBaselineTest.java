package io.homeostat.detector.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateBaselineTest {

    private static final RateBaseline.Rule RULE = new RateBaseline.Rule(4, 10, 0.3);

    @Test
    void theMeanAndVarianceFollowTheSeries() {
        RateBaseline b = RateBaseline.NEW;
        for (int i = 0; i < 200; i++) {
            b = b.next(10, 0.3);
        }
        assertEquals(10, b.mean(), 1e-6);
        assertEquals(0, b.variance(), 1e-6);
        assertEquals(200, b.buckets());
    }

    @Test
    void theSpreadNeverFallsBelowPoissonNoise() {
        RateBaseline steady = new RateBaseline(25, 0, 50);
        assertEquals(5, steady.spread(), 1e-9, "sqrt(mean) when the series had no variance");
        assertEquals(1, RateBaseline.NEW.spread(), 1e-9, "at least one");
    }

    @Test
    void judgedAgainstThresholdMinimumVolumeAndWarmUp() {
        RateBaseline usual = new RateBaseline(4, 1, 20);
        assertTrue(usual.judge(40, RULE, true).anomaly());
        assertFalse(usual.judge(40, RULE, false).anomaly(), "still warming up");
        assertFalse(usual.judge(11, RULE, true).anomaly(), "z 3.5 is below the threshold");
        assertFalse(RateBaseline.NEW.judge(9, RULE, true).anomaly(), "below the minimum volume whatever the z");
        assertEquals(0.5, RateBaseline.likelihood(4, 4), 1e-9);
        assertTrue(RateBaseline.likelihood(12, 4) > 0.95);
        assertTrue(RateBaseline.likelihood(2, 4) < 0.5);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RateBaseline.Rule(0, 10, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new RateBaseline.Rule(4, 0, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new RateBaseline.Rule(4, 10, 1.5));
    }
}
