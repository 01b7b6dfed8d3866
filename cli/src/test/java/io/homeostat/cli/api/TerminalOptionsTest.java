package io.homeostat.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Colour only where it helps; progress only on stderr. */
class TerminalOptionsTest {

    static Stream<Arguments> colour() {
        return Stream.of(
                Arguments.of("a terminal", false, false, Map.of(), true, true),
                Arguments.of("not a terminal (a pipe, a file)", false, false, Map.of(), false, false),
                Arguments.of("--no-color in a terminal", true, false, Map.of(), true, false),
                Arguments.of("NO_COLOR set in a terminal", false, false, Map.of("NO_COLOR", "1"), true, false),
                Arguments.of("NO_COLOR empty counts as unset", false, false, Map.of("NO_COLOR", ""), true, true),
                Arguments.of("--color in a pipe", false, true, Map.of(), false, true),
                Arguments.of("--no-color beats --color", true, true, Map.of(), true, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("colour")
    void colourIsOnOnlyWhenItShouldBe(String name, boolean noColor, boolean color, Map<String, String> env, boolean terminal, boolean on) {
        assertEquals(on, TerminalOptions.colourOn(noColor, color, env, terminal));
    }

    @Test
    void progressAsLinesNamesEachStep() {
        StringWriter err = new StringWriter();
        try (Progress p = Progress.lines(new PrintWriter(err))) {
            p.step("created queue a");
            p.step("created table b");
        }
        assertEquals("... created queue a\n... created table b\n", err.toString());
    }

    @Test
    void progressOffSaysNothing() {
        StringWriter err = new StringWriter();
        new TerminalOptions().during(new PrintWriter(err), "scanning", () -> 1);
        assertEquals("", err.toString(), "tests do not run in a terminal and --progress is not given");
    }
}
