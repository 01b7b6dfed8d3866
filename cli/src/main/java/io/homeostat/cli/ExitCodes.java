package io.homeostat.cli;

/**
 * Exit codes scripts can rely on. Every command returns one of these; none other. docs/cli.md lists them.
 */
public final class ExitCodes {

    /** Done as asked. */
    public static final int OK = 0;
    /** The API answered but the operation failed (nothing found by that id, a replay left messages behind, server error). */
    public static final int FAILURE = 1;
    /** Wrong command line, or a request the API refused as malformed (HTTP 400). */
    public static final int USAGE = 2;
    /** No token, or the API refused it (HTTP 401/403). */
    public static final int AUTH = 3;
    /** The API could not be reached (connection refused, unknown host, timeout). */
    public static final int UNREACHABLE = 4;
    /**
     * {@code plan} only: the cloud differs from the phases (something would be created or changed), like
     * {@code terraform plan -detailed-exitcode}'s 2 (which is taken by usage errors here).
     */
    public static final int CHANGES = 5;

    /** The footer every command's {@code --help} shows. */
    public static final String HELP = """
            %nExit codes: 0 ok, 1 failure, 2 usage (or a request the API refused as malformed), \
            3 authentication (no token, or refused), 4 API not reachable, 5 changes pending (plan).""";

    private ExitCodes() {}
}
