package io.homeostat.cli.flags;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What a flag is on: exactly one of a resource (logical id) or a phase. The detector refuses names it does not declare. */
public final class FlagTarget {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    static final class Scope {
        @Option(names = "--resource", paramLabel = "LOGICAL_ID", required = true, description = "A resource, by its logical id in the phase files.")
        String resource;

        @Option(names = "--phase", paramLabel = "PHASE", required = true, description = "Every resource of a phase.")
        String phase;
    }

    String scopeType() {
        return scope.resource != null ? "resource" : "phase";
    }

    String name() {
        return scope.resource != null ? scope.resource : scope.phase;
    }

    String path() {
        return "/api/flags/" + scopeType() + "/" + URLEncoder.encode(name(), StandardCharsets.UTF_8);
    }
}
