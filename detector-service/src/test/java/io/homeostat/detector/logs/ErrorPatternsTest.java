package io.homeostat.detector.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorPatternsTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("timestamp dropped, uuid and numbers replaced",
                        "2026-11-23T01:00:05.123Z ERROR payment 0b8e6c1e-2f8a-4d49-9a57-5d1f2b3c4d5e failed after 3000 ms",
                        "ERROR payment <uuid> failed after <n> ms"),
                Arguments.of("quoted text replaced, both quote kinds",
                        "ERROR user \"alice@example.com\" denied by 'policy \\'x\\''", "ERROR user <str> denied by <str>"),
                Arguments.of("ip with port and hex id replaced",
                        "ERROR circuit open for 10.0.3.7:8080 (pool 0x7ffe12ab, trace 5f0c1d2e8a1b4c3d)",
                        "ERROR circuit open for <ip> (pool <hex>, trace <hex>)"),
                Arguments.of("an exception class is an error even without a level",
                        "java.lang.IllegalStateException: queue 42 is full", "java.lang.IllegalStateException: queue <n> is full"),
                Arguments.of("JSON logs with level error", "{\"level\":\"error\",\"msg\":\"boom 7\"}", "{<str>:<str>,<str>:<str>}"),
                Arguments.of("words with digits keep their letters", "FATAL worker-3 s3 bucket v2 gone", "FATAL worker-<n> s3 bucket v2 gone"),
                Arguments.of("whitespace collapsed", "ERROR   a\t\tb", "ERROR a b"),
                Arguments.of("python traceback", "Traceback (most recent call last):", "Traceback (most recent call last):"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void lines(String reason, String line, String pattern) {
        assertEquals(Optional.of(pattern), ErrorPatterns.of(line), reason);
    }

    static Stream<Arguments> notErrors() {
        return Stream.of(
                Arguments.of("info line", "2026-11-23T01:00:05Z INFO order 12 accepted"),
                Arguments.of("'error' inside a word is not a level", "INFO terrorist-free zone, mirrors ok"),
                Arguments.of("0 errors is still a report of zero", "INFO retries=0"),
                Arguments.of("blank", "   "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void notErrors(String reason, String line) {
        assertEquals(Optional.empty(), ErrorPatterns.of(line), reason);
    }

    @Test
    void longLinesAreBoundedAndIdsAreStableAndDistinct() {
        String pattern = ErrorPatterns.of("ERROR " + "x".repeat(1000)).orElseThrow();
        assertEquals(ErrorPatterns.MAX_LENGTH, pattern.length());
        assertEquals(ErrorPatterns.id("ERROR a <n>"), ErrorPatterns.id("ERROR a <n>"));
        assertNotEquals(ErrorPatterns.id("ERROR a <n>"), ErrorPatterns.id("ERROR b <n>"));
        assertEquals(12, ErrorPatterns.id("ERROR a <n>").length());
    }
}
