package io.homeostat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every figure of one bench run, with the targets it is held against, as a table and as JSON. */
record BenchReport(Map<String, Object> machine, BenchOptions options, StackLimit stack, OperationCount ops,
                   MttrRun.Result mttr, ScanRun.Result scan, Map<String, ServiceFigures> services) {

    static final double MTTR_P50_TARGET_MS = 1000;
    static final double MTTR_P99_TARGET_MS = 3000;
    static final double STACK_SHARE_TARGET = 0.5;
    static final double SCAN_10K_TARGET_S = 30;
    static final long RSS_TARGET_MIB = 200;
    static final long READY_TARGET_MS = 2000;

    /** @param rssKib VmRSS after the MTTR run, -1 when unknown */
    record ServiceFigures(long readyMillis, long rssKib) {}

    Percentiles percentiles() {
        return new Percentiles(mttr.mttrMillis());
    }

    double stackShare() {
        return mttr.incidentsPerSecond() / ops.stackLimitIncidentsPerSecond(stack);
    }

    /** The scan time of 10,000 resources: measured when the run had that many, else scaled linearly (marked). */
    double scan10kSeconds() {
        return scan.scan().toNanos() / 1e9 * 10_000 / scan.resources();
    }

    String table() {
        Percentiles p = percentiles();
        StringBuilder t = new StringBuilder();
        t.append("Homeostat bench — ").append(machine.get("when")).append(", ").append(machine.get("cpus")).append(" CPUs, load ")
                .append(machine.get("loadBefore")).append(" → ").append(machine.get("loadAfter")).append('\n');
        t.append(String.format("%-44s %14s %14s %s%n", "figure", "measured", "target", ""));
        row(t, "MTTR p50 (tamper → verified), " + p.size() + " incidents", ms(p.at(50)), "≤ 1000 ms", p.at(50) <= MTTR_P50_TARGET_MS);
        row(t, "MTTR p95", ms(p.at(95)), "", null);
        row(t, "MTTR p99", ms(p.at(99)), "≤ 3000 ms", p.at(99) <= MTTR_P99_TARGET_MS);
        row(t, "incidents not resolved", Integer.toString(mttr.notResolved()), "0", mttr.notResolved() == 0);
        row(t, "end-to-end incidents/s", num(mttr.incidentsPerSecond()), "", null);
        row(t, "stack: ElasticMQ calls/s (send+receive+delete)", num(stack.sqsCallsPerSecond()), "", null);
        row(t, "stack: DynamoDB Local conditional writes/s", num(stack.dynamoWritesPerSecond()), "", null);
        row(t, "SQS calls per incident", num(ops.sqsCalls()), "", null);
        row(t, "DynamoDB calls per incident (writes)", num(ops.dynamoCalls()) + " (" + num(ops.dynamoWrites()) + ")", "", null);
        row(t, "stack limit, incidents/s", num(ops.stackLimitIncidentsPerSecond(stack)), "", null);
        row(t, "share of the stack limit reached", pct(stackShare()), "≥ 50 %", stackShare() >= STACK_SHARE_TARGET);
        row(t, "scan of " + scan.resources() + " queues on moto", num(scan.scan().toMillis() / 1000.0) + " s", "", null);
        row(t, "scan of 10,000 (" + (scan.resources() == 10_000 ? "measured" : "scaled") + ")", num(scan10kSeconds()) + " s",
                "≤ 30 s", scan10kSeconds() <= SCAN_10K_TARGET_S);
        row(t, "observe cost per resource (amortised)", num(scan.millisPerResource()) + " ms", "", null);
        row(t, "moto calls per observe / moto calls/s", num(scan.callsPerResource()) + " / " + num(scan.cloudCallsPerSecond()), "", null);
        services.forEach((name, f) -> {
            row(t, name + " ready", f.readyMillis() + " ms", "≤ 2000 ms", f.readyMillis() <= READY_TARGET_MS);
            row(t, name + " RSS after the run", f.rssKib() < 0 ? "n/a" : f.rssKib() / 1024 + " MiB", "≤ 200 MiB",
                    f.rssKib() >= 0 && f.rssKib() / 1024 <= RSS_TARGET_MIB);
        });
        return t.toString();
    }

    void writeJson(Path file) throws IOException {
        Percentiles p = percentiles();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("options", Map.of("incidents", options.incidents(), "queues", options.queues(),
                "calibrationIncidents", options.calibrationIncidents(), "resources", options.resources(),
                "scanConcurrency", options.scanConcurrency(), "stackProbeSeconds", options.stackProbe().toSeconds()));
        json.put("mttrMillis", Map.of("p50", p.at(50), "p95", p.at(95), "p99", p.at(99), "max", p.at(100),
                "samples", p.size(), "notResolved", mttr.notResolved()));
        json.put("throughput", Map.of("incidentsPerSecond", mttr.incidentsPerSecond(), "busySeconds", mttr.busy().toMillis() / 1000.0,
                "stackLimitIncidentsPerSecond", ops.stackLimitIncidentsPerSecond(stack), "shareOfStackLimit", stackShare()));
        json.put("stack", Map.of("sqsCallsPerSecond", stack.sqsCallsPerSecond(), "dynamoConditionalWritesPerSecond",
                stack.dynamoWritesPerSecond(), "threads", stack.threads()));
        json.put("callsPerIncident", Map.of("sqs", ops.sqsByAction(), "dynamodb", ops.dynamoByAction(),
                "sqsTotal", ops.sqsCalls(), "dynamodbTotal", ops.dynamoCalls(), "dynamodbWrites", ops.dynamoWrites()));
        json.put("scan", Map.of("resources", scan.resources(), "seconds", scan.scan().toMillis() / 1000.0,
                "scaledTo10kSeconds", scan10kSeconds(), "millisPerResource", scan.millisPerResource(),
                "cloudCallsPerResource", scan.callsPerResource(), "cloudCallsPerSecond", scan.cloudCallsPerSecond(),
                "concurrency", scan.concurrency(), "createSeconds", scan.create().toMillis() / 1000.0));
        Map<String, Object> svc = new LinkedHashMap<>();
        services.forEach((name, f) -> svc.put(name, Map.of("readyMillis", f.readyMillis(), "rssKib", f.rssKib())));
        json.put("services", svc);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValue(file.toFile(), json);
    }

    private static void row(StringBuilder t, String what, String measured, String target, Boolean met) {
        t.append(String.format("%-44s %14s %14s %s%n", what, measured, target, met == null ? "" : met ? "ok" : "MISSED"));
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : Math.round(v) + " ms";
    }

    private static String num(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static String pct(double v) {
        return String.format(java.util.Locale.ROOT, "%.0f %%", v * 100);
    }

    static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }
}
