package io.homeostat.bench;

import io.homeostat.e2e.Await;
import io.homeostat.e2e.Clients;
import io.homeostat.e2e.Pipeline;
import io.homeostat.e2e.Probe;
import io.homeostat.e2e.fault.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One full drift scan of many managed queues on moto: the queues are created in sync with their declaration first
 * (so the scan finds nothing to raise), then a detector is started on a phase folder declaring all of them; its
 * first scan is timed by the detector's own {@code homeostat_detector_scan_duration_seconds}. The detector's
 * managed-cloud calls pass a counting proxy, which tells what one observation costs in calls.
 */
final class ScanRun {

    /**
     * @param resources queues declared and observed
     * @param scan the scan's duration as the detector measured it
     * @param cloudCalls calls the scan made to moto
     * @param concurrency the detector's scan-concurrency during the run
     */
    record Result(int resources, Duration scan, long cloudCalls, int concurrency, Duration create) {

        double millisPerResource() {
            return scan.toNanos() / 1e6 / resources;
        }

        double callsPerResource() {
            return (double) cloudCalls / resources;
        }

        double cloudCallsPerSecond() {
            return cloudCalls / (scan.toNanos() / 1e9);
        }
    }

    private ScanRun() {}

    static Result run(Pipeline pipeline, int resources, int concurrency) throws Exception {
        List<String> names = IntStream.range(0, resources).mapToObj(i -> "scan-%05d".formatted(i)).toList();
        long t0 = System.nanoTime();
        createInSync(pipeline.endpoints().cloud(), names);
        Duration create = Duration.ofNanos(System.nanoTime() - t0);
        Path phases = Pipeline.phasesWithQueues("phases-scan", names);
        try (FaultProxy cloud = FaultProxy.start(pipeline.endpoints().cloud())) {
            pipeline.startServices(Map.of("detector", Map.of(
                    "homeostat.phases.dir", phases.toString(),
                    "homeostat.local.cloud", cloud.endpoint(),
                    // Short: a scan due before start-up has finished is skipped, and the next one is what is timed.
                    "homeostat.detector.scan-interval", "10s",
                    "homeostat.detector.scan-concurrency", Integer.toString(concurrency),
                    // Budgets far above what moto serves: the scan is bounded by moto, which is what is measured.
                    "homeostat.detector.scan-rate", "100000",
                    "homeostat.detector.scan-burst", "100000")));
            Probe probe = new Probe(pipeline);
            Await.until("the scan of " + resources + " queues", Duration.ofSeconds(120 + resources / 5), () ->
                    scans(probe) >= 1 ? Optional.of(true) : Optional.empty());
            long calls = cloud.count(c -> true);
            double count = scans(probe);
            double seconds = probe.metric("detector", "homeostat_detector_scan_duration_seconds_sum", Map.of()) / count;
            calls = Math.round(calls / count);
            return new Result(resources, Duration.ofNanos((long) (seconds * 1e9)), calls, concurrency, create);
        }
    }

    private static double scans(Probe probe) {
        return probe.metric("detector", "homeostat_detector_scan_duration_seconds_count", Map.of());
    }

    /** CreateQueue with the declared attributes and tags, eight at a time. */
    private static void createInSync(String cloud, List<String> names) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (SqsClient sqs = Clients.sqs(cloud, "bench-setup")) {
            List<Future<?>> all = names.stream().<Future<?>>map(n -> pool.submit(() -> sqs.createQueue(b -> b.queueName(n)
                    .attributesWithStrings(Map.of("VisibilityTimeout", "30", "DelaySeconds", "2"))
                    .tags(Map.of("team", "payments", "env", "e2e"))))).toList();
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
