package io.homeostat.cli.dlq;

import io.homeostat.cli.api.Durations;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The filter options 'dlq list' and 'dlq replay' share; every option given must hold. */
public final class DlqFilterOptions {

    @Option(names = "--queue", paramLabel = "Q", description = "Only this consumer's DLQ (detector, analyzer, planner, executor, verifier).")
    String queue;

    @Option(names = "--type", paramLabel = "T", description = "Only events of this detail-type (e.g. drift.detected).")
    String type;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Only those whose reason contains TEXT (any case).")
    String reason;

    @Option(names = "--older-than", paramLabel = "AGE", description = "Only those dead-lettered at least AGE ago (90s, 15m, 2h, 3d, PT1H).")
    String olderThan;

    boolean any() {
        return queue != null || type != null || reason != null || olderThan != null;
    }

    /** The API's names for the options that are set (durations in ISO-8601). */
    Map<String, String> asFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("queue", queue);
        f.put("type", type);
        f.put("reason", reason);
        f.put("olderThan", Durations.iso("--older-than", olderThan));
        f.values().removeIf(v -> v == null);
        return f;
    }
}
