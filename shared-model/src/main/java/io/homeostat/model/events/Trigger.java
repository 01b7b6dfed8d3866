package io.homeostat.model.events;

import java.time.Instant;

/**
 * What made the detector look, and who changed the resource when a CloudTrail event says so. Principal, source IP
 * and user agent are copied from the event as untrusted text: they are shown to people, never interpreted.
 *
 * @param evidence for {@link Kind#LOG_ANOMALY} only: the pattern, counts, baseline and sample lines (drift.detected v2)
 */
public record Trigger(
        Kind kind,
        String eventId,
        String eventName,
        String principal,
        String sourceIp,
        String userAgent,
        Instant eventTime,
        LogEvidence evidence) {

    public enum Kind {
        /** The scheduled drift scan found the difference. */
        SCAN,
        /** A CloudTrail API call event named the resource; the live resource was re-read before raising drift. */
        CLOUDTRAIL,
        /** The desired state changed (phase file edited); the actual resource did not. */
        DESIRED_CHANGED,
        /** An error pattern in an application's logs departed from its baseline (drift.detected v2). */
        LOG_ANOMALY
    }

    public Trigger {
        Required.field(kind, "trigger.kind");
        if ((kind == Kind.LOG_ANOMALY) != (evidence != null)) {
            throw new IllegalArgumentException("trigger.evidence is required for LOG_ANOMALY and only for it");
        }
    }

    /** A trigger without log evidence: every kind but {@link Kind#LOG_ANOMALY}. */
    public Trigger(Kind kind, String eventId, String eventName, String principal, String sourceIp, String userAgent,
                   Instant eventTime) {
        this(kind, eventId, eventName, principal, sourceIp, userAgent, eventTime, null);
    }

    public static Trigger logAnomaly(LogEvidence evidence) {
        return new Trigger(Kind.LOG_ANOMALY, null, null, null, null, null, null, evidence);
    }

    public static Trigger scan() {
        return new Trigger(Kind.SCAN, null, null, null, null, null, null);
    }
}
