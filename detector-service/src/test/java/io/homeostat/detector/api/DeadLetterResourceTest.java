package io.homeostat.detector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.detector.api.DeadLetterResource.ReplayRequest;
import io.homeostat.runtime.dlq.DeadLetterFilter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** How a replay request becomes a filter: it must say what it replays, and "all" cannot be mixed with a filter. */
class DeadLetterResourceTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("one id", new ReplayRequest(" m-1 ", null, null, null, null, null, null, null),
                        new DeadLetterFilter(Set.of("m-1"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())),
                Arguments.of("several ids", new ReplayRequest("m-1", List.of("m-2", " "), null, null, null, null, null, false),
                        new DeadLetterFilter(Set.of("m-1", "m-2"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())),
                Arguments.of("a filter", new ReplayRequest(null, null, "analyzer", "drift.detected", "timeout", "PT1H", "P1D", null),
                        new DeadLetterFilter(Set.of(), Optional.of("analyzer"), Optional.of("drift.detected"), Optional.of("timeout"),
                                Optional.of(Duration.ofHours(1)), Optional.of(Duration.ofDays(1)))),
                Arguments.of("all", new ReplayRequest(null, null, null, null, null, null, null, true), DeadLetterFilter.all()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedRequests(String name, ReplayRequest request, DeadLetterFilter expected) {
        assertEquals(expected, DeadLetterResource.filterOf(request));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("no body", null, "say what to replay"),
                Arguments.of("an empty body is not 'everything'", new ReplayRequest(null, null, " ", null, null, null, null, null), "say what to replay"),
                Arguments.of("all with a filter", new ReplayRequest(null, null, "analyzer", null, null, null, null, true), "leave out the id and filter"),
                Arguments.of("bad duration", new ReplayRequest(null, null, null, null, null, "an hour", null, null), "cannot read \"olderThan\" 'an hour'"),
                Arguments.of("negative duration", new ReplayRequest(null, null, null, null, null, null, "-PT1H", null), "must not be negative"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedRequests(String name, ReplayRequest request, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> DeadLetterResource.filterOf(request));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
