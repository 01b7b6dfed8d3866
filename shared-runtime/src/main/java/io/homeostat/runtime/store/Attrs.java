package io.homeostat.runtime.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tiny helpers for building and reading DynamoDB attribute maps. */
final class Attrs {

    private Attrs() {}

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue list(List<String> strings) {
        return AttributeValue.fromL(strings.stream().map(AttributeValue::fromS).toList());
    }

    static Optional<String> str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? Optional.empty() : Optional.of(v.s());
    }

    static long num(Map<String, AttributeValue> item, String name, long dflt) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? dflt : Long.parseLong(v.n());
    }

    static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
    }
}
