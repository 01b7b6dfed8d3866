package io.homeostat.runtime.store;

import java.util.List;

/** Names of Homeostat's own DynamoDB tables, all under one configurable prefix. */
public record Tables(String incidents, String idempotency, String guards, String failures, String flags, String breakers,
                     String logBaselines) {

    public static Tables withPrefix(String prefix) {
        return new Tables(prefix + "incidents", prefix + "idempotency", prefix + "guards", prefix + "failures", prefix + "flags",
                prefix + "breakers", prefix + "log-baselines");
    }

    /** Every table, in creation order. */
    public List<String> all() {
        return List.of(incidents, idempotency, guards, failures, flags, breakers, logBaselines);
    }
}
