package io.homeostat.runtime.untrusted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UntrustedTextTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("plain text is quoted", "alice", 200, "'alice'"),
                arguments("null is shown as unknown", null, 200, "'unknown'"),
                arguments("an inner quote cannot end the quoting", "a' from 'b", 200, "'a\\' from \\'b'"),
                arguments("a backslash cannot escape our quote", "a\\", 200, "'a\\\\'"),
                arguments("ASCII controls become spaces", "a\r\nb\u001b[2Jc", 200, "'a  b [2Jc'"),
                arguments("C1 controls (NEL, CSI) become spaces", "a\u0085b\u009bc", 200, "'a b c'"),
                arguments("bidi override and zero-width chars become spaces", "a\u202eb\u200bc", 200, "'a b c'"),
                arguments("line and paragraph separators become spaces", "a\u2028b\u2029c", 200, "'a b c'"),
                arguments("a lone surrogate becomes a space", "a\uD83Db", 200, "'a b'"),
                arguments("cut at the bound with an ellipsis", "abcdef", 3, "'abc…'"),
                arguments("exactly at the bound is not cut", "abc", 3, "'abc'"),
                arguments("an emoji at the cut is kept whole or dropped whole", "ab\uD83D\uDE00cd", 3, "'ab\uD83D\uDE00…'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quotes(String reason, String input, int max, String expected) {
        assertEquals(expected, UntrustedText.quote(input, max), reason);
    }
}
