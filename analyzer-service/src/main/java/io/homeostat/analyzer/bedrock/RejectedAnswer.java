package io.homeostat.analyzer.bedrock;

/** A model answer that does not fit the schema; {@code reason} is a stable metric tag, the message says where. */
public final class RejectedAnswer extends RuntimeException {

    private final String reason;

    RejectedAnswer(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
