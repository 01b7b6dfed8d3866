package io.homeostat.runtime.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which CloudTrail write calls can change what a provider observes, and how to read the physical names of the
 * resources a call touched from its {@code requestParameters}. Declared by each provider beside its type, so the
 * detector's mapping grows with the registry. Request parameters are untrusted: implementations read values, never
 * interpret them.
 *
 * <p>Most calls name one resource: build the mapping with a {@link NameReader}. Calls that name several
 * ({@code ssm:DeleteParameters}, {@code ec2:CreateTags}) use a {@link NamesReader} ({@link #ofNames}); the detector
 * handles every name ({@link #resourceNames}). Exactly one of the two readers is given; the other is derived from it.
 *
 * @param eventSource CloudTrail's {@code eventSource}, e.g. {@code sqs.amazonaws.com}
 * @param writeEvents the {@code eventName}s that may change the resource
 * @param nameReader the physical name from {@code (eventName, requestParameters)}, if the call names one
 * @param namesReader every physical name the call names, in the call's order
 */
public record CloudTrailMapping(String eventSource, Set<String> writeEvents, NameReader nameReader, NamesReader namesReader) {

    @FunctionalInterface
    public interface NameReader {
        Optional<String> name(String eventName, JsonNode requestParameters);
    }

    @FunctionalInterface
    public interface NamesReader {
        List<String> names(String eventName, JsonNode requestParameters);
    }

    public CloudTrailMapping {
        writeEvents = Set.copyOf(writeEvents);
        if ((nameReader == null) == (namesReader == null)) {
            throw new IllegalArgumentException("give exactly one of nameReader and namesReader");
        }
        if (namesReader == null) {
            NameReader one = nameReader;
            namesReader = (event, params) -> one.name(event, params).map(List::of).orElse(List.of());
        } else {
            NamesReader all = namesReader;
            nameReader = (event, params) -> {
                List<String> names = all.names(event, params);
                return names == null ? Optional.empty() : names.stream().filter(n -> n != null && !n.isBlank()).findFirst();
            };
        }
    }

    /** A mapping whose calls name one resource each. */
    public CloudTrailMapping(String eventSource, Set<String> writeEvents, NameReader nameReader) {
        this(eventSource, writeEvents, Objects.requireNonNull(nameReader, "nameReader"), null);
    }

    /** A mapping where some calls name several resources. */
    public static CloudTrailMapping ofNames(String eventSource, Set<String> writeEvents, NamesReader namesReader) {
        return new CloudTrailMapping(eventSource, writeEvents, null, Objects.requireNonNull(namesReader, "namesReader"));
    }

    /**
     * Every resource name the call names, in order, without blanks or repeats, when {@code eventName} is one of ours;
     * empty otherwise.
     */
    public List<String> resourceNames(String eventSource, String eventName, JsonNode requestParameters) {
        if (!this.eventSource.equals(eventSource) || !writeEvents.contains(eventName)
                || requestParameters == null || !requestParameters.isObject()) {
            return List.of();
        }
        List<String> names = namesReader.names(eventName, requestParameters);
        if (names == null) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        names.stream().filter(n -> n != null && !n.isBlank()).forEach(distinct::add);
        return List.copyOf(distinct);
    }

    /** The first of {@link #resourceNames}: the resource name when {@code eventName} is one of ours and names one. */
    public Optional<String> resourceName(String eventSource, String eventName, JsonNode requestParameters) {
        return resourceNames(eventSource, eventName, requestParameters).stream().findFirst();
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

    /** The non-empty texts of an array (other entries are skipped); empty when {@code array} is not one. */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode v : array) {
                if (v != null && v.isTextual() && !v.asText().isBlank()) {
                    out.add(v.asText());
                }
            }
        }
        return out;
    }
}
