package io.homeostat.runtime.store;

/** Names of Homeostat's own DynamoDB tables, all under one configurable prefix. */
public record Tables(String incidents, String idempotency, String guards, String failures, String flags, String logBaselines) {

    public static Tables withPrefix(String prefix) {
        return new Tables(prefix + "incidents", prefix + "idempotency", prefix + "guards", prefix + "failures", prefix + "flags",
                prefix + "log-baselines");
    }
}
