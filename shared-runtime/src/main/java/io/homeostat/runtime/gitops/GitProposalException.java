package io.homeostat.runtime.gitops;

/** A git read or proposal that cannot be made; the message says what and where, for an operator or a caller. */
public class GitProposalException extends RuntimeException {

    public GitProposalException(String message) {
        super(message);
    }

    public GitProposalException(String message, Throwable cause) {
        super(message, cause);
    }
}
