package io.homeostat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.e2e.Await;
import io.homeostat.e2e.Probe;
import io.homeostat.e2e.Tampering;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tamper → verified, many times: each round tampers with every bench queue at once (the CloudTrail event sent right
 * after each change), waits until the verifier has closed them all, then lets the 1 s cooldown pass before the next
 * round. MTTR is measured from the moment just before the tamper to the RESOLVED entry on the incident's timeline.
 */
final class MttrRun {

    /** What a run measured. {@code busy} is the time rounds were in flight, cooldown pauses excluded. */
    record Result(List<Double> mttrMillis, int incidents, int notResolved, Duration busy) {

        double incidentsPerSecond() {
            return incidents / (busy.toNanos() / 1e9);
        }
    }

    private final Probe probe;
    private final Tampering tampering;
    private final List<String> queues;
    private final Duration cooldown;

    MttrRun(Probe probe, Tampering tampering, List<String> queues, Duration cooldown) {
        this.probe = probe;
        this.tampering = tampering;
        this.queues = queues;
        this.cooldown = cooldown;
    }

    Result run(int incidents) {
        List<Double> mttr = new ArrayList<>();
        int notResolved = 0;
        long busyNanos = 0;
        int done = 0;
        while (done < incidents) {
            List<String> round = queues.subList(0, Math.min(queues.size(), incidents - done));
            double closedBefore = closed();
            Map<String, Instant> tamperedAt = new HashMap<>();
            long start = System.nanoTime();
            for (String q : round) {
                tamperedAt.put(q, Instant.now());
                tampering.tamperAndReport(q);
            }
            Await.until(round.size() + " incidents closed", Duration.ofSeconds(120 + round.size()),
                    () -> closed() - closedBefore >= round.size() ? Optional.of(true) : Optional.empty());
            busyNanos += System.nanoTime() - start;
            Instant roundStart = tamperedAt.values().stream().min(Instant::compareTo).orElseThrow();
            for (JsonNode incident : probe.incidents()) {
                String name = incident.path("resource").path("name").asText();
                if (!tamperedAt.containsKey(name) || Instant.parse(incident.path("createdAt").asText()).isBefore(roundStart)) {
                    continue;
                }
                Optional<Instant> resolved = resolvedAt(incident);
                if (resolved.isPresent()) {
                    mttr.add(Duration.between(tamperedAt.get(name), resolved.get()).toNanos() / 1e6);
                } else {
                    notResolved++;
                }
            }
            done += round.size();
            Await.sleep(cooldown.toMillis() + 200); // the next tamper must not fold into the closed incident
        }
        return new Result(mttr, done, notResolved, Duration.ofNanos(busyNanos));
    }

    private double closed() {
        return probe.metric("verifier", "homeostat_incidents_closed_total", Map.of());
    }

    private static Optional<Instant> resolvedAt(JsonNode incident) {
        for (JsonNode entry : incident.path("timeline")) {
            if ("RESOLVED".equals(entry.path("state").asText())) {
                return Optional.of(Instant.parse(entry.path("at").asText()));
            }
        }
        return Optional.empty();
    }
}
