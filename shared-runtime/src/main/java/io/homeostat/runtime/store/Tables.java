package io.homeostat.runtime.store;

import java.util.List;

/**
 * Names of Homeostat's own DynamoDB tables, all under one configurable prefix. {@code analyses} caches the optional
 * model's answers per incident fingerprint ({@link AnalysisCache}).
 */
public record Tables(String incidents, String idempotency, String guards, String failures, String flags, String breakers,
                     String logBaselines, String analyses) {

    public static Tables withPrefix(String prefix) {
        return new Tables(prefix + "incidents", prefix + "idempotency", prefix + "guards", prefix + "failures", prefix + "flags",
                prefix + "breakers", prefix + "log-baselines", prefix + "analyses");
    }

    /** Every table, in creation order. */
    public List<String> all() {
        return List.of(incidents, idempotency, guards, failures, flags, breakers, logBaselines, analyses);
    }
}
