package io.homeostat.model.events;

/** The analyzer's verdict: class, severity 1–10, confidence 0–1 and a rationale a person can read. */
public record Classification(Kind kind, int severity, double confidence, String rationale, String analyzer) {

    public enum Kind {
        FAILURE,
        TAMPERING,
        DRIFT,
        NORMAL,
        ANOMALY
    }

    public Classification {
        Required.field(kind, "classification.kind");
        if (severity < 1 || severity > 10) {
            throw new IllegalArgumentException("classification.severity must be 1..10, was " + severity);
        }
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("classification.confidence must be 0..1, was " + confidence);
        }
        Required.field(rationale, "classification.rationale");
    }
}
