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

    /** Proactive log analysis: error patterns per log source against their baselines. */
    Logs logs();

    interface Logs {
        /** Read logs (ingest endpoint, tailed files, CloudWatch Logs Insights) and raise ANOMALY incidents. */
        @WithDefault("true")
        boolean enabled();

        /** Length of a time bucket: counts are compared per bucket. */
        @WithDefault("1m")
        Duration bucket();

        /** How often closed buckets are folded into the baselines (and anomalies raised). */
        @WithDefault("10s")
        Duration evaluateInterval();

        /** A pattern's count must be this many standard deviations above its baseline to be an anomaly. */
        @WithDefault("4")
        double zThreshold();

        /** Fewest occurrences in one bucket that can be an anomaly, so a quiet service never alarms on one error. */
        @WithDefault("10")
        long minCount();

        /** Weight of the newest bucket in the exponentially weighted mean and variance (0–1; higher adapts faster). */
        @WithDefault("0.3")
        double alpha();

        /** Buckets a new log source only learns for before it can raise anything. */
        @WithDefault("5")
        int warmupBuckets();

        /** How long bucket counts are kept (their items carry this expiry). */
        @WithDefault("2d")
        Duration retention();

        /** Largest body {@code POST /api/logs} accepts, in bytes; larger is refused with 413. */
        @WithDefault("1048576")
        int maxRequestBytes();

        /** Log files to tail, by source name ({@code homeostat.detector.logs.files.checkout=/var/log/checkout.log}). */
        java.util.Map<String, String> files();

        /** How often tailed files are read. */
        @WithDefault("1s")
        Duration tailInterval();

        /**
         * CloudWatch Logs groups to query with Logs Insights, by source name
         * ({@code homeostat.detector.logs.cloudwatch-groups.checkout=/aws/ecs/checkout}); queried once per bucket.
         */
        java.util.Map<String, String> cloudwatchGroups();
    }
}
