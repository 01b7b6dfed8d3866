package io.homeostat.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Shows text that came from events, logs or the cloud (reasons, event types, services) so it cannot pose as the
 * CLI's own words or drive the terminal: as a JSON string literal with every control and non-ASCII character escaped
 * ({@code \u001B}, {@code \u202E}, …), cut at a bound. (The services use shared-runtime's {@code UntrustedText}; the
 * CLI stays free of their dependencies and lets Jackson do the escaping.)
 */
public final class Printable {

    private static final ObjectMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private Printable() {}

    public static String quote(String value, int maxCodePoints) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String bounded = value.codePointCount(0, value.length()) > maxCodePoints
                ? value.substring(0, value.offsetByCodePoints(0, maxCodePoints)) + "..." : value;
        try {
            return ASCII.writeValueAsString(bounded);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
