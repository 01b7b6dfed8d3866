package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.cli.api.Durations;
import io.homeostat.cli.api.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HomeostatCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
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
                Arguments.of("an API that is not a URL", new String[] {"dlq", "list", "--api", "localhost:8081"}, "is not an http(s) URL"));
    }

    @ParameterizedTest(name = "{0} exits 2")
    @MethodSource("usageErrors")
    void usageErrorsExit2(String name, String[] args, String message) {
        Run r = run(args);
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
    }

    @Test
    void aBadAgeIsAUsageError() throws IOException {
        Run r = run("dlq", "list", "--older-than", "a while", "--api", deadApi(), "--token-file", tokenFile().toString());
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--older-than 'a while' is not a duration"), r.err());
    }

    @Test
    void noTokenExits3BeforeAnyCall() throws IOException {
        Run r = run("dlq", "list", "--api", deadApi(), "--token-file", dir.resolve("missing").toString());
        assertEquals(ExitCodes.AUTH, r.code());
        assertTrue(r.err().contains("cannot read token file"), r.err());
    }

    @Test
    void anApiThatIsNotThereExits4AndSaysSoInJsonToo() throws IOException {
        String api = deadApi();
        Run r = run("dlq", "list", "--api", api, "--token-file", tokenFile().toString(), "--output", "json");
        assertEquals(ExitCodes.UNREACHABLE, r.code());
        assertTrue(r.err().contains("cannot reach the API at " + api), r.err());
        assertTrue(r.out().contains("\"exitCode\" : 4"), r.out());
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void everyCommandHasHelpWithTheExitCodes(String command) {
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        Run r = run(args);
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: homeostat"), r.out());
        assertTrue(r.out().contains("4 API not reachable"), r.out());
    }

    static Stream<String> commands() {
        return Stream.of("", "dlq", "dlq list", "dlq replay");
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
