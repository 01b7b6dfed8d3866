package io.homeostat.runtime.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns values as AWS reports them (strings) back into what a person writes in a phase file, so imported YAML reads
 * like hand-written YAML: {@code "30"} → {@code 30}, {@code "true"} → {@code true}, a JSON policy → a map. Every
 * conversion is one {@link Values#normalize} maps back to the same string, which is what keeps the import plan empty.
 */
public final class ImportValues {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9]\\d{0,17})");

    private ImportValues() {}

    /** A number or boolean when the text is one (written canonically), else the text. */
    public static Object scalar(String raw) {
        if (raw == null) {
            return null;
        }
        if (INTEGER.matcher(raw).matches()) {
            return Long.parseLong(raw);
        }
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.parseBoolean(raw);
        }
        return raw;
    }

    /** A JSON document as maps and lists; text that is not JSON stays text. */
    public static Object json(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readValue(raw, Object.class);
        } catch (JsonProcessingException notJson) {
            return raw;
        }
    }

    /** The {@code tags.*} entries of an observation's {@code actual}, without AWS-reserved {@code aws:} keys. */
    public static Map<String, String> tags(Map<String, String> actual) {
        return withPrefix(actual, "tags.", true);
    }

    /** Entries under {@code prefix}, the prefix removed, sorted; {@code userTags} drops {@code aws:} keys. */
    public static Map<String, String> withPrefix(Map<String, String> actual, String prefix, boolean userTags) {
        Map<String, String> out = new TreeMap<>();
        actual.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String key = k.substring(prefix.length());
                if (!(userTags && key.startsWith("aws:"))) {
                    out.put(key, v);
                }
            }
        });
        return out;
    }

    /** A resource that declares nothing yet: what observe needs to read a live resource's state for import. */
    public static io.homeostat.runtime.desired.DesiredResource bare(String type, String name, String region) {
        return new io.homeostat.runtime.desired.DesiredResource("import", "import", type, name, null, region, Map.of(), Map.of(),
                io.homeostat.runtime.desired.DriftMode.AUTO_HEAL);
    }
}
