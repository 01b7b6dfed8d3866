package io.homeostat.cli;

/** A failure with the exit code that says what kind it was (see {@link ExitCodes}). */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
