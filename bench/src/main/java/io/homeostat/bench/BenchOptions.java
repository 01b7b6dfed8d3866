package io.homeostat.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What to measure and how much of it.
 *
 * @param incidents tamper → verified cycles for the MTTR figures (target: at least 1,000)
 * @param queues managed queues the incidents rotate over; one round tampers with all of them at once
 * @param calibrationIncidents incidents run through counting proxies to count the calls one incident needs
 * @param resources managed queues for the scan figure (target: 10,000)
 * @param scanConcurrency the detector's scan-concurrency for that scan
 * @param stackProbe how long each raw emulator rate is measured
 * @param out the JSON report
 */
record BenchOptions(int incidents, int queues, int calibrationIncidents, int resources, int scanConcurrency,
                    Duration stackProbe, Path out) {

    static BenchOptions full(Path out) {
        return new BenchOptions(1000, 100, 20, 10_000, 8, Duration.ofSeconds(5), out);
    }

    /** Small enough for the build: keeps the bench working, measures nothing worth quoting. */
    static BenchOptions smoke(Path out) {
        return new BenchOptions(12, 6, 3, 100, 4, Duration.ofSeconds(1), out);
    }

    static BenchOptions parse(String[] args) {
        BenchOptions o = full(Path.of("bench/target/bench/bench.json"));
        int incidents = o.incidents(), queues = o.queues(), calibration = o.calibrationIncidents(), resources = o.resources();
        int concurrency = o.scanConcurrency();
        Duration probe = o.stackProbe();
        Path out = o.out();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--smoke")) {
                BenchOptions s = smoke(out);
                incidents = s.incidents();
                queues = s.queues();
                calibration = s.calibrationIncidents();
                resources = s.resources();
                concurrency = s.scanConcurrency();
                probe = s.stackProbe();
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            String v = args[++i];
            switch (key) {
                case "--incidents" -> incidents = Integer.parseInt(v);
                case "--queues" -> queues = Integer.parseInt(v);
                case "--calibration" -> calibration = Integer.parseInt(v);
                case "--resources" -> resources = Integer.parseInt(v);
                case "--scan-concurrency" -> concurrency = Integer.parseInt(v);
                case "--stack-probe-seconds" -> probe = Duration.ofSeconds(Long.parseLong(v));
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + key + "; see scripts/bench.sh --help");
            }
        }
        if (calibration > queues || incidents < 1 || resources < 1) {
            throw new IllegalArgumentException("need incidents >= 1, resources >= 1 and calibration <= queues");
        }
        return new BenchOptions(incidents, queues, calibration, resources, concurrency, probe, out);
    }
}
