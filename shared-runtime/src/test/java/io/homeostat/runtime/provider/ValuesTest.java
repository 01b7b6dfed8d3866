package io.homeostat.runtime.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Desired (YAML types) and actual (AWS strings) compare equal when they mean the same, and only then. */
class ValuesTest {

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> same() {
        return Stream.of(
                Arguments.of("int vs string", 30, "30"),
                Arguments.of("double vs string", 30.0, "30"),
                Arguments.of("long vs string", 1209600L, "1209600"),
                Arguments.of("decimal string vs int", "30.0", 30),
                Arguments.of("exponent BigDecimal vs string", new BigDecimal("1E+3"), "1000"),
                Arguments.of("boolean vs string", true, "true"),
                Arguments.of("surrounding whitespace", " 30 ", "30"),
                Arguments.of("JSON key order", "{\"b\":1,\"a\":{\"y\":2,\"x\":3}}", "{\"a\":{\"x\":3,\"y\":2},\"b\":1}"),
                Arguments.of("JSON whitespace", "{ \"a\" : [1, 2] }", "{\"a\":[1,2]}"),
                Arguments.of("YAML map vs JSON string", ordered("maxReceiveCount", 5, "deadLetterTargetArn", "arn:x"),
                        "{\"deadLetterTargetArn\":\"arn:x\",\"maxReceiveCount\":5}"),
                Arguments.of("YAML list vs JSON string", List.of("a", "b"), "[\"a\",\"b\"]"));
    }

    @ParameterizedTest(name = "{0}: {1} == {2}")
    @MethodSource("same")
    void sameMeaningNormalisesEqual(String name, Object desired, Object actual) {
        assertEquals(Values.normalize(desired), Values.normalize(actual));
    }

    static Stream<Arguments> different() {
        return Stream.of(
                Arguments.of("different numbers", 30, "31"),
                Arguments.of("JSON array order matters", "[1,2]", "[2,1]"),
                Arguments.of("different JSON values", "{\"a\":1}", "{\"a\":2}"),
                Arguments.of("number vs word", 30, "thirty"),
                Arguments.of("case matters", "True", "true"));
    }

    @ParameterizedTest(name = "{0}: {1} != {2}")
    @MethodSource("different")
    void differentMeaningStaysDifferent(String name, Object desired, Object actual) {
        assertNotEquals(Values.normalize(desired), Values.normalize(actual));
    }

    static Stream<Arguments> canonical() {
        return Stream.of(
                Arguments.of(30, "30"),
                Arguments.of(30.50, "30.5"),
                Arguments.of("-5", "-5"),
                Arguments.of("{\"b\":1,\"a\":2}", "{\"a\":2,\"b\":1}"),
                Arguments.of("{not json", "{not json"),
                Arguments.of(" text ", "text"));
    }

    @ParameterizedTest(name = "normalize({0}) = {1}")
    @MethodSource("canonical")
    void canonicalForms(Object in, String out) {
        assertEquals(out, Values.normalize(in));
    }

    @Test
    void nullStaysNull() {
        assertNull(Values.normalize(null));
    }
}
