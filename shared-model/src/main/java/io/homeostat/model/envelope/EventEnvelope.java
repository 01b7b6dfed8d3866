package io.homeostat.model.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The one wire envelope on every queue: the EventBridge event shape. CloudTrail events forwarded by EventBridge
 * already have it, and our own producers use it in both {@code direct} and {@code eventbridge} modes, so one parser
 * serves every input. {@code detail} stays a JSON tree here; {@link EventCodec} binds it to the payload type named by
 * {@code detail-type}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"})
public record EventEnvelope(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        Instant time,
        String region,
        List<String> resources,
        ObjectNode detail) {

    public static final String ENVELOPE_VERSION = "0";

    public EventEnvelope {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }
}
