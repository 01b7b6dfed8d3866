package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.cli.api.Durations;
import io.homeostat.cli.api.Printable;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's contract before any API answers: usage errors exit 2, a missing token exits 3, an API that is not
 * there exits 4, and every command has --help. (Talking to a real detector is e2e-tests' DeadLetterReplayE2eTest.)
 */
class HomeostatCliTest {

    @TempDir
    static Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A port nothing listens on: bound, then closed. */
    private static String deadApi() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    private static Path tokenFile() throws IOException {
        Path f = dir.resolve("token");
        Files.writeString(f, "some-token\n");
        return f;
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("no command", new String[] {}, "say which command"),
                Arguments.of("no dlq subcommand", new String[] {"dlq"}, "say what to do: list or replay"),
                Arguments.of("unknown subcommand", new String[] {"dlq", "lst"}, "Unmatched argument"),
                Arguments.of("unknown option", new String[] {"dlq", "list", "--colour"}, "Unknown option"),
                Arguments.of("bad output format", new String[] {"dlq", "list", "--output", "yaml"}, "Invalid value"),
                Arguments.of("replay without a selection", new String[] {"dlq", "replay"}, "say what to replay"),
                Arguments.of("--all with a filter", new String[] {"dlq", "replay", "--all", "--queue", "analyzer"}, "--all replays everything"),
                Arguments.of("--id with a filter", new String[] {"dlq", "replay", "--id", "x", "--type", "t"}, "either --id or a filter"),
                Arguments.of("an API that is not a URL", new String[] {"dlq", "list", "--api", "localhost:8081"}, "is not an http(s) URL"),
                Arguments.of("no incidents subcommand", new String[] {"incidents"}, "say what to do: list, show or close"),
                Arguments.of("show without an id", new String[] {"incidents", "show"}, "Missing required parameter: 'ID'"),
                Arguments.of("no flags subcommand", new String[] {"flags"}, "say what to do: list, set or clear"),
                Arguments.of("a flag on nothing", new String[] {"flags", "set", "PAUSED"}, "Missing required argument"),
                Arguments.of("a flag on two scopes", new String[] {"flags", "set", "PAUSED", "--resource", "a", "--phase", "p"}, "mutually exclusive"),
                Arguments.of("a flag mode that does not exist", new String[] {"flags", "set", "SLEEPY", "--resource", "a"}, "MODE must be ENABLED, PAUSED or DISABLED"),
                Arguments.of("--ttl and --until", new String[] {"flags", "set", "PAUSED", "--resource", "a", "--ttl", "1h", "--until", "2030-01-01T00:00:00Z"}, "either --ttl or --until"),
                Arguments.of("--until not an instant", new String[] {"flags", "set", "PAUSED", "--resource", "a", "--until", "tomorrow"}, "not an ISO-8601 instant"),
                Arguments.of("a reject without a reason", new String[] {"reject", "plan-1"}, "Missing required option: '--reason=TEXT'"),
                Arguments.of("a planner API that is not a URL", new String[] {"approve", "plan-1", "--planner-api", "planner:8083"}, "--planner-api 'planner:8083' is not an http(s) URL"),
                Arguments.of("a rollback to nowhere", new String[] {"rollback"}, "say where to: --to REV"),
                Arguments.of("a bad watch interval", new String[] {"incidents", "show", "x", "--watch", "--interval", "0"}, "--interval must be at least 1 second"),
                Arguments.of("a bad incident limit", new String[] {"incidents", "list", "--limit", "0"}, "--limit must be between 1 and 500"),
                Arguments.of("an unknown publish mode", new String[] {"bootstrap", "--publish-mode", "carrier-pigeon"}, "must be direct or eventbridge"));
    }

    @ParameterizedTest(name = "{0} exits 2")
    @MethodSource("usageErrors")
    void usageErrorsExit2(String name, String[] args, String message) {
        CliRun r = run(args);
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void aBadAgeIsAUsageError() throws IOException {
        CliRun r = run("dlq", "list", "--older-than", "a while", "--api", deadApi(), "--token-file", tokenFile().toString());
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--older-than 'a while' is not a duration"), r.err());
    }

    @Test
    void noTokenExits3BeforeAnyCall() throws IOException {
        CliRun r = run("dlq", "list", "--api", deadApi(), "--token-file", dir.resolve("missing").toString());
        assertEquals(ExitCodes.AUTH, r.code());
        assertTrue(r.err().contains("cannot read token file"), r.err());
    }

    @Test
    void anApiThatIsNotThereExits4AndSaysSoInJsonToo() throws IOException {
        String api = deadApi();
        CliRun r = run("dlq", "list", "--api", api, "--token-file", tokenFile().toString(), "--output", "json");
        assertEquals(ExitCodes.UNREACHABLE, r.code());
        assertTrue(r.err().contains("cannot reach the API at " + api), r.err());
        assertTrue(r.out().contains("\"exitCode\" : 4"), r.out());
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void everyCommandHasHelpWithTheExitCodes(String command) {
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        CliRun r = run(args);
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: homeostat"), r.out());
        assertTrue(r.out().contains("4 API not reachable"), r.out());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("5 changes pending (plan)"), r.out());
    }

    static Stream<String> commands() {
        return Stream.of("", "dlq", "dlq list", "dlq replay", "validate", "plan", "status", "incidents", "incidents list", "incidents show",
                "plans", "approve", "reject", "flags", "flags list", "flags set", "flags clear", "rollback", "rollback show", "rollback clear",
                "bootstrap");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("durations")
    void agesAsPeopleTypeThem(String typed, String iso) {
        assertEquals(iso, Durations.iso("--older-than", typed));
    }

    static Stream<Arguments> durations() {
        return Stream.of(Arguments.of("90s", "PT1M30S"), Arguments.of("15m", "PT15M"), Arguments.of("2h", "PT2H"),
                Arguments.of("3d", "PT72H"), Arguments.of("PT1H", "PT1H"), Arguments.of("pt5m", "PT5M"));
    }

    @Test
    void untrustedTextCannotDriveTheTerminal() {
        assertEquals("\"evil\\u001B[2Jnow \\u202Eok\"", Printable.quote("evil\u001b[2Jnow \u202eok", 100));
        assertEquals("\"abc...\"", Printable.quote("abcdef", 3));
        assertEquals("-", Printable.quote(null, 10));
    }
}
