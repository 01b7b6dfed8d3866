package io.homeostat.detector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Detector settings, under {@code homeostat.detector.}. */
@ConfigMapping(prefix = "homeostat.detector")
public interface DetectorConfig {

    /** How often the scheduled scan observes every managed resource (also read by the scheduler expression). */
    @WithDefault("30s")
    Duration scanInterval();

    /** How often the phase files are checked for changes; a change triggers a scan at once. */
    @WithDefault("2s")
    Duration desiredPollInterval();

    /** Resources observed at once during a scan. */
    @WithDefault("4")
    int scanConcurrency();

    /** Observations per second allowed per account, region and AWS service (token bucket refill rate). */
    @WithDefault("20")
    double scanRate();

    /** Observations allowed at once per account, region and AWS service before the rate applies (bucket size). */
    @WithDefault("20")
    int scanBurst();

    /** Tries per resource when the cloud throttles or fails transiently; access denied and validation errors get one. */
    @WithDefault("3")
    int scanAttempts();

    /** First delay before retrying a throttled observation; doubles per try, with jitter, up to 5 s. */
    @WithDefault("200ms")
    Duration scanBackoff();

    /** Create declared resources that do not exist yet when the detector starts (local stack, first deploy). */
    @WithDefault("false")
    boolean provisionOnStart();

    /**
     * An incident still DETECTED after this long had its drift.detected lost (crash between commit and publish);
     * the scan publishes it again. The analyzer drops the copy if the first one did arrive.
     */
    @WithDefault("30s")
    Duration republishStalledAfter();

    /** Reverse sync: importing unmanaged resources and reporting them. */
    Imports imports();

    interface Imports {
        /** How often every importable type is listed to report resources no phase declares (metric, log, API). */
        @WithDefault("5m")
        Duration unmanagedInterval();

        /** Resources described at once during an import (each within the scan's rate budget). */
        @WithDefault("4")
        int concurrency();
    }
}
