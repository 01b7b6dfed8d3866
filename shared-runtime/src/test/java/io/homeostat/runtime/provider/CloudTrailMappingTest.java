package io.homeostat.runtime.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** One-name and several-name mappings: {@link CloudTrailMapping#resourceNames} and its first, {@link CloudTrailMapping#resourceName}. */
class CloudTrailMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Calls name one resource: {@code name}. */
    private static final CloudTrailMapping ONE = new CloudTrailMapping("x.amazonaws.com", Set.of("Put", "Delete"),
            (event, params) -> CloudTrailMapping.text(params, "name"));

    /** Calls name several: {@code names} as given (nulls and blanks included, to be cleaned by the mapping). */
    private static final CloudTrailMapping MANY = CloudTrailMapping.ofNames("x.amazonaws.com", Set.of("Put", "DeleteMany"),
            (event, params) -> params.has("null") ? null
                    : event.equals("Put") ? CloudTrailMapping.text(params, "name").map(List::of).orElse(List.of())
                    : Arrays.asList(JSON.convertValue(params.get("names"), String[].class)));

    static Stream<Arguments> calls() {
        return Stream.of(
                // mapping, event source, event name, request parameters (null = none), expected names
                Arguments.of(ONE, "x.amazonaws.com", "Put", "{\"name\": \"a\"}", List.of("a")),
                Arguments.of(ONE, "x.amazonaws.com", "Delete", "{\"name\": \"a\"}", List.of("a")),
                Arguments.of(ONE, "x.amazonaws.com", "Put", "{\"name\": \"  \"}", List.of()),
                Arguments.of(ONE, "x.amazonaws.com", "Put", "{}", List.of()),
                Arguments.of(ONE, "x.amazonaws.com", "Get", "{\"name\": \"a\"}", List.of()),
                Arguments.of(ONE, "y.amazonaws.com", "Put", "{\"name\": \"a\"}", List.of()),
                Arguments.of(ONE, "x.amazonaws.com", "Put", null, List.of()),
                Arguments.of(ONE, "x.amazonaws.com", "Put", "[\"a\"]", List.of()),
                Arguments.of(MANY, "x.amazonaws.com", "Put", "{\"name\": \"a\"}", List.of("a")),
                Arguments.of(MANY, "x.amazonaws.com", "DeleteMany", "{\"names\": [\"b\", \"a\", null, \"\", \" \", \"b\", \"c\"]}",
                        List.of("b", "a", "c")),
                Arguments.of(MANY, "x.amazonaws.com", "DeleteMany", "{\"names\": []}", List.of()),
                Arguments.of(MANY, "x.amazonaws.com", "DeleteMany", "{\"names\": [null, \"\"]}", List.of()),
                Arguments.of(MANY, "x.amazonaws.com", "DeleteMany", "{\"null\": true}", List.of()),
                Arguments.of(MANY, "y.amazonaws.com", "DeleteMany", "{\"names\": [\"a\"]}", List.of()),
                Arguments.of(MANY, "x.amazonaws.com", "Delete", "{\"names\": [\"a\"]}", List.of()));
    }

    @ParameterizedTest(name = "[{index}] {1} {2} {3} -> {4}")
    @MethodSource("calls")
    void namesAreReadCleanedAndTheFirstIsTheOneName(CloudTrailMapping mapping, String source, String event, String params,
                                                      List<String> expected) throws Exception {
        JsonNode node = params == null ? null : JSON.readTree(params);
        assertEquals(expected, mapping.resourceNames(source, event, node));
        assertEquals(expected.stream().findFirst(), mapping.resourceName(source, event, node));
    }

    @Test
    void theReadersDeriveFromEachOther() throws Exception {
        JsonNode many = JSON.readTree("{\"names\": [\"\", \"b\", \"c\"]}");
        assertEquals(Optional.of("b"), MANY.nameReader().name("DeleteMany", many), "the one name is the first non-blank");
        assertEquals(List.of("a"), ONE.namesReader().names("Put", JSON.readTree("{\"name\": \"a\"}")));
        assertEquals(List.of(), ONE.namesReader().names("Put", JSON.readTree("{}")));
    }

    @Test
    void exactlyOneReaderIsGiven() {
        assertThrows(IllegalArgumentException.class, () -> new CloudTrailMapping("x", Set.of(), null, null));
        assertThrows(IllegalArgumentException.class, () -> new CloudTrailMapping("x", Set.of(),
                (e, p) -> Optional.empty(), (e, p) -> List.of()));
        assertThrows(NullPointerException.class, () -> new CloudTrailMapping("x", Set.of(), (CloudTrailMapping.NameReader) null));
        assertThrows(NullPointerException.class, () -> CloudTrailMapping.ofNames("x", Set.of(), null));
    }

    @Test
    void textsKeepsTheNonEmptyTextsOfAnArray() throws Exception {
        assertEquals(List.of("a", "b", "a"), CloudTrailMapping.texts(JSON.readTree("[\"a\", 1, null, \"\", {\"x\": \"y\"}, \"b\", \"a\"]")));
        assertEquals(List.of(), CloudTrailMapping.texts(JSON.readTree("\"a\"")));
        assertEquals(List.of(), CloudTrailMapping.texts(null));
    }
}
