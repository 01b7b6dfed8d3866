package io.homeostat.runtime.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Normalises values so that desired (YAML: numbers, booleans, maps) and actual (AWS: strings) compare equal when they
 * mean the same: {@code 30} = {@code "30"}, {@code 30.0} = {@code "30"}, JSON documents compared with sorted keys.
 */
public final class Values {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Values() {}

    public static String normalize(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return canonicalJson(value);
        }
        String s = value.toString().trim();
        if (s.startsWith("{") || s.startsWith("[")) {
            try {
                return canonicalJson(CANONICAL.readValue(s, Object.class));
            } catch (JsonProcessingException notJson) {
                return s;
            }
        }
        if (s.matches("-?\\d+(\\.\\d+)?")) {
            return new BigDecimal(s).stripTrailingZeros().toPlainString();
        }
        return s;
    }

    private static String canonicalJson(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON-serialisable: " + value, e);
        }
    }
}
