package io.homeostat.bench;

import io.homeostat.e2e.Pipeline;
import io.homeostat.e2e.Probe;
import io.homeostat.e2e.Tampering;
import io.homeostat.e2e.fault.FaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The bench: the local stack and the five services as separate processes (the end-to-end harness), then, in one run:
 * the stack's own rates; the calls one incident costs (counted through proxies); MTTR and incidents/s over many
 * incidents with the rule analyzer; each service's ready time and RSS; a scan of many queues on moto.
 * Prints a table and writes the figures as JSON. Run it with {@code scripts/bench.sh} (see docs/benchmarks.md).
 */
public final class BenchMain {

    /** Pipeline's default cooldown between the close of an incident and the next one on the same resource. */
    private static final Duration COOLDOWN = Duration.ofSeconds(1);

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("""
                    usage: scripts/bench.sh [--smoke] [--incidents N] [--queues N] [--calibration N] [--resources N]
                                            [--scan-concurrency N] [--stack-probe-seconds S] [--out FILE]
                    defaults: 1000 incidents over 100 queues, 20 calibration incidents, 10000 scanned queues,
                              scan concurrency 8, 5 s per stack probe, bench/target/bench/bench.json""");
            return;
        }
        BenchOptions options = BenchOptions.parse(args);
        BenchReport report = run(options);
        System.out.println(report.table());
        System.out.println("JSON: " + options.out().toAbsolutePath());
    }

    public static void runSmoke(Path out) throws Exception {
        run(BenchOptions.smoke(out));
    }

    static BenchReport run(BenchOptions o) throws Exception {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("when", Instant.now().toString());
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("loadBefore", loadAverage());
        List<String> queues = IntStream.range(0, o.queues()).mapToObj(i -> "bench-%03d".formatted(i)).toList();
        try (Pipeline pipeline = Pipeline.start("bench", Pipeline.phasesWithQueues("phases-bench", queues))) {
            // Ctrl-C must not leave the stack and five JVMs behind.
            Thread stopper = new Thread(pipeline::close, "bench-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            log("measuring the stack's own rates");
            StackLimit stack = StackLimit.measure(pipeline.endpoints(), 4, o.stackProbe());
            Probe probe = new Probe(pipeline);
            OperationCount ops;
            try (FaultProxy sqs = FaultProxy.start(pipeline.endpoints().controlSqs());
                 FaultProxy dynamo = FaultProxy.start(pipeline.endpoints().controlDynamodb())) {
                log("counting the calls of " + o.calibrationIncidents() + " incidents through proxies");
                Map<String, Map<String, String>> counted = new LinkedHashMap<>();
                for (String s : Pipeline.SERVICES) {
                    Map<String, String> props = new LinkedHashMap<>(serviceProps(s));
                    props.put("homeostat.local.control-sqs", sqs.endpoint());
                    props.put("homeostat.local.control-dynamodb", dynamo.endpoint());
                    if (s.equals("detector")) {
                        props.put("homeostat.detector.provision-on-start", "true");
                    }
                    counted.put(s, props);
                }
                pipeline.startServices(counted);
                int sqsFrom = sqs.calls().size();
                int dynamoFrom = dynamo.calls().size();
                try (Tampering tampering = new Tampering(pipeline)) { // the services have created the queues by now
                    new MttrRun(probe, tampering, queues.subList(0, o.calibrationIncidents()), COOLDOWN).run(o.calibrationIncidents());
                }
                ops = OperationCount.of(since(sqs, sqsFrom), since(dynamo, dynamoFrom), o.calibrationIncidents());
                log("restarting the services one at a time, straight on the emulators");
                for (String s : Pipeline.SERVICES) {
                    pipeline.startServices(Map.of(s, serviceProps(s)));
                }
            }
            Map<String, BenchReport.ServiceFigures> services = new LinkedHashMap<>();
            MttrRun.Result mttr;
            try (Tampering tampering = new Tampering(pipeline)) {
                log("MTTR: " + o.incidents() + " incidents over " + o.queues() + " queues");
                mttr = new MttrRun(probe, tampering, queues, COOLDOWN).run(o.incidents());
            }
            for (String s : Pipeline.SERVICES) {
                var p = pipeline.service(s);
                services.put(s, new BenchReport.ServiceFigures(BenchReport.orZero(p.readyAfter()).toMillis(),
                        ProcessMemory.rssKib(p.pid()).orElse(-1)));
            }
            log("scan: creating " + o.resources() + " queues on moto, then one scan of them all");
            ScanRun.Result scan = ScanRun.run(pipeline, o.resources(), o.scanConcurrency());
            machine.put("loadAfter", loadAverage());
            BenchReport report = new BenchReport(machine, o, stack, ops, mttr, scan, services);
            report.writeJson(o.out());
            Runtime.getRuntime().removeShutdownHook(stopper);
            return report;
        }
    }

    /** The detector scans once at start-up, then not again during the run: incidents come from CloudTrail events. */
    private static Map<String, String> serviceProps(String service) {
        return service.equals("detector") ? Map.of("homeostat.detector.scan-interval", "3600s") : Map.of();
    }

    private static List<FaultProxy.Call> since(FaultProxy proxy, int from) {
        List<FaultProxy.Call> all = proxy.calls();
        return all.subList(from, all.size());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void log(String what) {
        System.out.println("bench: " + what);
    }
}
