package io.homeostat.detector.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OwnPrincipalsTest {

    private static final String ROLE = "arn:aws:sts::123456789012:assumed-role/homeostat-executor/";

    private final OwnPrincipals own = new OwnPrincipals(List.of("AKIAEXECUTOR", ROLE + "*", "arn:aws:iam::123456789012:user/robot", "*", " "));

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("exact access key", "AKIAEXECUTOR", true),
                arguments("assumed role, any session (ECS task id)", ROLE + "4f1c2d9e8a7b", true),
                arguments("exact user ARN", "arn:aws:iam::123456789012:user/robot", true),
                arguments("a longer user name is not a prefix match", "arn:aws:iam::123456789012:user/robot2", false),
                arguments("another role", "arn:aws:sts::123456789012:assumed-role/homeostat-executor-x/s", false),
                arguments("a person", "arn:aws:iam::123456789012:user/mallory", false),
                arguments("a lone * matches nobody (never a blanket exemption)", "arn:aws:iam::999:user/anyone", false),
                arguments("no principal", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matches(String reason, String principal, boolean expected) {
        assertEquals(expected, own.matches(principal), reason);
    }
}
