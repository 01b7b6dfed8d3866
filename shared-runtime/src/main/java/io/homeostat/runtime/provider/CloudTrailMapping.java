package io.homeostat.runtime.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * Which CloudTrail write calls can change what a provider observes, and how to read the resource's physical name
 * from the call's {@code requestParameters}. Declared by each provider beside its type, so the detector's mapping
 * grows with the registry. Request parameters are untrusted: implementations read values, never interpret them.
 *
 * @param eventSource CloudTrail's {@code eventSource}, e.g. {@code sqs.amazonaws.com}
 * @param writeEvents the {@code eventName}s that may change the resource
 * @param nameReader the physical name from {@code (eventName, requestParameters)}, if the call names one
 */
public record CloudTrailMapping(String eventSource, Set<String> writeEvents, NameReader nameReader) {

    @FunctionalInterface
    public interface NameReader {
        Optional<String> name(String eventName, JsonNode requestParameters);
    }

    public CloudTrailMapping {
        writeEvents = Set.copyOf(writeEvents);
    }

    /** The resource name when {@code eventName} is one of ours and the parameters name a resource. */
    public Optional<String> resourceName(String eventSource, String eventName, JsonNode requestParameters) {
        if (!this.eventSource.equals(eventSource) || !writeEvents.contains(eventName)
                || requestParameters == null || !requestParameters.isObject()) {
            return Optional.empty();
        }
        return nameReader.name(eventName, requestParameters).filter(n -> !n.isBlank());
    }

    /** The first non-empty text among {@code fields} (CloudTrail spells some keys in two cases). */
    public static Optional<String> text(JsonNode params, String... fields) {
        for (String f : fields) {
            JsonNode v = params.get(f);
            if (v != null && !v.isNull() && v.isValueNode() && !v.asText().isBlank()) {
                return Optional.of(v.asText());
            }
        }
        return Optional.empty();
    }
}
