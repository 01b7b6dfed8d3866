package io.homeostat.runtime.desired;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What Homeostat does when a resource drifts. */
public enum DriftMode {
    /** Restore desired automatically. */
    @JsonProperty("auto-heal")
    AUTO_HEAL,
    /** Detect and plan, then wait for a person (approval arrives with the planner's approval workflow). */
    @JsonProperty("approve")
    APPROVE,
    /** Detect and tell people; change nothing. */
    @JsonProperty("notify")
    NOTIFY,
    /** Do not watch this resource. */
    @JsonProperty("ignore")
    IGNORE
}
