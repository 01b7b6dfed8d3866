package io.homeostat.model.envelope;

/** A payload written by a newer producer than this consumer understands: rejected, never guessed at. */
public class UnsupportedSchemaVersionException extends InvalidEventException {

    public UnsupportedSchemaVersionException(String detailType, int found, int supported) {
        super("%s schemaVersion %d is not supported (this build reads up to %d); upgrade the consumer and replay"
                .formatted(detailType, found, supported));
    }
}
