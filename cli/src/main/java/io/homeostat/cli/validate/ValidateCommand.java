package io.homeostat.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.GlobalOptions;
import io.homeostat.cli.api.ResultCommand;
import io.homeostat.runtime.bootstrap.IamPolicyGenerator;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.PhaseLoader;
import io.homeostat.runtime.desired.PhaseValidationException;
import io.homeostat.runtime.provider.ProviderRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homeostat validate [DIR]}: loads the phases folder with the services' own {@link PhaseLoader} and every
 * provider's property checks, locally (no API, no cloud calls), and reports every problem as
 * {@code file:line:col: message}, the form editors and CI annotators jump to.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check the phase files as the services would load them, without calling anything.",
                "Every problem is printed as file:line:col: message; the whole set is checked at once."},
        footer = ExitCodes.HELP + "%nAn invalid phase set exits 1.")
public final class ValidateCommand extends ResultCommand {

    /** {@code <file>:<line>:<col>: <message>}; file names may hold colons only before the location. */
    private static final Pattern LOCATED = Pattern.compile("(.+?):(\\d+):(\\d+): (.*)", Pattern.DOTALL);

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "${env:HOMEOSTAT_PHASES_DIR:-phases}",
            description = "The phases folder. Default: $HOMEOSTAT_PHASES_DIR or ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    GlobalOptions.OutputFormat output;

    @Override
    protected GlobalOptions.OutputFormat output() {
        return output;
    }

    @Override
    protected JsonNode result() {
        ObjectNode r = ApiClient.JSON.createObjectNode().put("dir", dir.toString());
        ArrayNode problems = r.putArray("problems");
        try {
            DesiredState state = loader().load(dir);
            r.put("valid", true).put("files", state.files().size()).put("resources", state.resources().size())
                    .put("policies", state.policies().size());
        } catch (PhaseValidationException e) {
            r.put("valid", false);
            e.problems().forEach(p -> problems.add(problem(p)));
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot read " + dir + ": " + e.getMessage());
        }
        return r;
    }

    /** The services' loader with every provider's property checks (providers built to be read, never to call). */
    static PhaseLoader loader() {
        return new PhaseLoader(new ProviderRegistry(IamPolicyGenerator.defaultProviders()));
    }

    /** One problem, split into file, line, column and message when it has a location. */
    static ObjectNode problem(String text) {
        ObjectNode p = ApiClient.JSON.createObjectNode();
        Matcher m = LOCATED.matcher(text);
        if (m.matches()) {
            p.put("file", m.group(1)).put("line", Integer.parseInt(m.group(2))).put("column", Integer.parseInt(m.group(3)))
                    .put("message", m.group(4));
        } else {
            p.putNull("file").putNull("line").putNull("column").put("message", text);
        }
        return p.put("text", text);
    }

    @Override
    protected void printText(JsonNode r, PrintWriter out) {
        if (r.path("valid").asBoolean()) {
            out.printf("%s: valid: %d resource(s), %d policy rule(s) in %d file(s)%n", r.path("dir").asText(),
                    r.path("resources").asInt(), r.path("policies").asInt(), r.path("files").asInt());
            return;
        }
        r.path("problems").forEach(p -> out.println(p.path("text").asText()));
        out.printf("%d problem(s); nothing in %s would be applied%n", r.path("problems").size(), r.path("dir").asText());
    }

    @Override
    protected int exitCodeFor(JsonNode r) {
        return r.path("valid").asBoolean() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
