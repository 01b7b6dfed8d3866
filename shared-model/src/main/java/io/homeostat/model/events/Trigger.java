package io.homeostat.model.events;

import java.time.Instant;

/**
 * What made the detector look, and who changed the resource when a CloudTrail event says so. Principal, source IP
 * and user agent are copied from the event as untrusted text: they are shown to people, never interpreted.
 */
public record Trigger(
        Kind kind,
        String eventId,
        String eventName,
        String principal,
        String sourceIp,
        String userAgent,
        Instant eventTime) {

    public enum Kind {
        /** The scheduled drift scan found the difference. */
        SCAN,
        /** A CloudTrail API call event named the resource; the live resource was re-read before raising drift. */
        CLOUDTRAIL,
        /** The desired state changed (phase file edited); the actual resource did not. */
        DESIRED_CHANGED
    }

    public Trigger {
        Required.field(kind, "trigger.kind");
    }

    public static Trigger scan() {
        return new Trigger(Kind.SCAN, null, null, null, null, null, null);
    }
}
