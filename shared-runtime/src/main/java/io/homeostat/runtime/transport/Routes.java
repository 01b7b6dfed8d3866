package io.homeostat.runtime.transport;

import io.homeostat.model.events.EventType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which queue each event type goes to: one queue per consumer, each with a DLQ. The same table defines the
 * EventBridge rules in {@code eventbridge} mode. Queue names here are logical; the configured prefix is added.
 */
public final class Routes {

    public static final String DETECTOR = "detector";
    public static final String ANALYZER = "analyzer";
    public static final String PLANNER = "planner";
    public static final String EXECUTOR = "executor";
    public static final String VERIFIER = "verifier";
    /** Outbound: closing events for subscribers outside Homeostat (notifiers, dashboards, audits). */
    public static final String EVENTS = "events";

    public static final List<String> QUEUES = List.of(DETECTOR, ANALYZER, PLANNER, EXECUTOR, VERIFIER, EVENTS);

    private static final Map<String, String> BY_DETAIL_TYPE = Map.of(
            EventType.CLOUDTRAIL_DETAIL_TYPE, DETECTOR,
            EventType.DRIFT_DETECTED.detailType(), ANALYZER,
            EventType.INCIDENT_ANALYZED.detailType(), PLANNER,
            EventType.PLAN_READY.detailType(), EXECUTOR,
            EventType.RECOVERY_EXECUTED.detailType(), VERIFIER,
            EventType.INCIDENT_CLOSED.detailType(), EVENTS);

    private Routes() {}

    public static Optional<String> queueFor(String detailType) {
        return Optional.ofNullable(BY_DETAIL_TYPE.get(detailType));
    }

    public static Map<String, String> all() {
        return BY_DETAIL_TYPE;
    }
}
