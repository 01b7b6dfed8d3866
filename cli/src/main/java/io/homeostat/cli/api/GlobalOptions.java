package io.homeostat.cli.api;

import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every API command takes: where the API is, who you are, how to print. */
public final class GlobalOptions {

    /** How results are printed. */
    public enum OutputFormat { text, json }

    @Option(names = "--api", paramLabel = "URL", defaultValue = "${env:HOMEOSTAT_API:-http://localhost:8081}",
            description = "The operator API (the detector). Default: $HOMEOSTAT_API or ${DEFAULT-VALUE}.")
    String api;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding your API bearer token. Default: the token in $HOMEOSTAT_TOKEN.")
    Path tokenFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up on a request after this many seconds. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    public OutputFormat output() {
        return output;
    }

    /** The API's base URI, checked. */
    public URI apiUri() {
        return httpUri("--api", api);
    }

    /** {@code value} as an http(s) base URI without a trailing slash; anything else is a usage error naming {@code option}. */
    public static URI httpUri(String option, String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, option + " '" + value + "' is not an http(s) URL");
        }
    }

    public Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /** From --token-file, else $HOMEOSTAT_TOKEN; a missing token is an authentication failure, said before any call. */
    public String token() {
        if (tokenFile != null) {
            try {
                String t = Files.readString(tokenFile).trim();
                if (t.isEmpty()) {
                    throw new CliException(ExitCodes.AUTH, "token file " + tokenFile + " is empty");
                }
                return t;
            } catch (IOException e) {
                throw new CliException(ExitCodes.AUTH, "cannot read token file " + tokenFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv("HOMEOSTAT_TOKEN");
        if (env == null || env.isBlank()) {
            throw new CliException(ExitCodes.AUTH, "no API token: give --token-file FILE or set HOMEOSTAT_TOKEN");
        }
        return env.trim();
    }
}
