package io.homeostat.model.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every detail-type Homeostat emits, the payload record it carries and the newest schema version this build reads.
 * The detail-type strings are the routing keys of EventBridge rules and of the direct-mode routing table.
 */
public enum EventType {
    DRIFT_DETECTED("drift.detected", DriftDetected.class, DriftDetected.CURRENT_VERSION),
    INCIDENT_ANALYZED("incident.analyzed", IncidentAnalyzed.class, IncidentAnalyzed.CURRENT_VERSION),
    PLAN_READY("plan.ready", PlanReady.class, PlanReady.CURRENT_VERSION),
    RECOVERY_EXECUTED("recovery.executed", RecoveryExecuted.class, RecoveryExecuted.CURRENT_VERSION),
    INCIDENT_CLOSED("incident.closed", IncidentClosed.class, IncidentClosed.CURRENT_VERSION);

    /** The detail-type EventBridge gives CloudTrail management events; the detector's other input. */
    public static final String CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

    /** Source of every event we publish. */
    public static final String SOURCE_PREFIX = "homeostat.";

    private final String detailType;
    private final Class<? extends IncidentEvent> payloadType;
    private final int currentVersion;

    EventType(String detailType, Class<? extends IncidentEvent> payloadType, int currentVersion) {
        this.detailType = detailType;
        this.payloadType = payloadType;
        this.currentVersion = currentVersion;
    }

    public String detailType() {
        return detailType;
    }

    public Class<? extends IncidentEvent> payloadType() {
        return payloadType;
    }

    public int currentVersion() {
        return currentVersion;
    }

    public static Optional<EventType> ofDetailType(String detailType) {
        return Arrays.stream(values()).filter(t -> t.detailType.equals(detailType)).findFirst();
    }

    public static EventType of(IncidentEvent event) {
        return Arrays.stream(values())
                .filter(t -> t.payloadType.isInstance(event))
                .findFirst()
                .orElseThrow();
    }
}
