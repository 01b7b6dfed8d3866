package io.homeostat.e2e;

import io.homeostat.localstack.Endpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as processes: the local stack in its own JVM (from the packaged local-stack jar) and the five
 * services, each from its packaged quarkus-app, all on free ports.
 */
public final class Pipeline implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("homeostat.root", "..")).toAbsolutePath().normalize();
    /** Where pipelines keep logs, endpoints and phase folders; the bench puts its own elsewhere. */
    static final Path WORK = Path.of(System.getProperty("homeostat.e2e.work", ROOT.resolve("e2e-tests/target/e2e").toString()))
            .toAbsolutePath();
    /** Each pipeline logs under its own folder here. */
    static final Path LOG_DIR = WORK.resolve("logs");
    public static final List<String> SERVICES = List.of("detector", "analyzer", "planner", "executor", "verifier");
    /** How long a service may take to become ready; generous, since a loaded 2-core CI box can take over a minute. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("homeostat.e2e.ready-timeout-seconds", 180));
    /** The operator API token of user {@code e2e}, fresh per run. */
    public static final String API_TOKEN = java.util.UUID.randomUUID().toString();

    private final Process stack;
    final Endpoints endpoints;
    private final Path phasesDir;
    private final Path logDir;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** What each service was last started with, so it can be restarted the same way after a kill. */
    private final Map<String, Map<String, String>> extras = new LinkedHashMap<>();

    private Pipeline(Process stack, Endpoints endpoints, Path phasesDir, Path logDir) {
        this.stack = stack;
        this.endpoints = endpoints;
        this.phasesDir = phasesDir;
        this.logDir = logDir;
    }

    /** @param name names this pipeline's folder for logs and endpoints, so several test classes keep apart */
    public static Pipeline start(String name, Path phasesDir) throws Exception {
        Path logDir = LOG_DIR.resolve(name);
        Files.createDirectories(logDir);
        Path endpointsFile = WORK.resolve(name + "-endpoints.properties");
        Files.deleteIfExists(endpointsFile);
        Path jar;
        try (var s = Files.list(ROOT.resolve("local-stack/target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("local-stack-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("local-stack not packaged; run ./mvnw verify from the root"));
        }
        Process stack = new ProcessBuilder(ServiceProcess.javaBin(), "-jar", jar.toString(), "start", "--require-moto",
                "--endpoints-file", endpointsFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("local-stack.log").toFile()))
                .start();
        try {
            Await.until("local stack endpoints file", READY_TIMEOUT, () -> {
                if (!stack.isAlive()) {
                    throw new IllegalStateException("local stack exited with " + stack.exitValue() + "; see " + logDir.resolve("local-stack.log"));
                }
                return Files.exists(endpointsFile) ? java.util.Optional.of(true) : java.util.Optional.empty();
            });
        } catch (RuntimeException | Error e) {
            stack.destroy(); // never leave the emulators (and moto, their child) behind
            throw e;
        }
        return new Pipeline(stack, Endpoints.read(endpointsFile), phasesDir, logDir);
    }

    /** Starts (or restarts) services with the common local-profile settings plus each one's own extra properties. */
    public void startServices(Map<String, Map<String, String>> extraByService) throws IOException {
        List<ServiceProcess> started = new ArrayList<>();
        for (var service : extraByService.entrySet()) {
            String name = service.getKey();
            Map<String, String> extra = service.getValue();
            extras.put(name, Map.copyOf(extra));
            ServiceProcess old = services.remove(name);
            if (old != null) {
                old.close();
            }
            Map<String, String> props = new LinkedHashMap<>();
            props.put("quarkus.profile", "local");
            props.put("homeostat.local.control-sqs", endpoints.controlSqs());
            props.put("homeostat.local.control-dynamodb", endpoints.controlDynamodb());
            props.put("homeostat.local.cloud", endpoints.cloud());
            props.put("homeostat.phases.dir", phasesDir.toString());
            props.put("homeostat.incidents.cooldown", "1s");
            props.put("homeostat.consumer.wait-seconds", "1");
            props.put("homeostat.api.tokens.e2e", API_TOKEN);
            props.putAll(extra);
            ServiceProcess p = ServiceProcess.start(ROOT, name, props, logDir);
            services.put(name, p);
            started.add(p);
        }
        // Five JVMs start at once: on a loaded 2-core machine that was seen to take over two minutes.
        for (ServiceProcess p : started) {
            p.awaitReady(READY_TIMEOUT);
        }
    }

    /** Kills a service the hard way (SIGKILL: no shutdown hook, no graceful stop), as a node failure would. */
    public void kill(String name) {
        services.get(name).kill();
    }

    /** Starts a service again with what it was last started with, and waits until it is ready. */
    public void restart(String name) throws IOException {
        startServices(Map.of(name, extras.get(name)));
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    /** Writes one phase file declaring an SQS queue per name, each with the same attributes and tags. */
    public static Path phasesWithQueues(String dirName, List<String> queues) throws IOException {
        Path phases = WORK.resolve(dirName);
        Files.createDirectories(phases);
        StringBuilder yaml = new StringBuilder("""
                phase: e2e
                defaults: {account: "123456789012", region: us-east-1, drift: auto-heal}
                resources:
                """);
        for (String q : queues) {
            yaml.append("""
                      %s:
                        type: aws.sqs.queue
                        name: %s
                        properties: {VisibilityTimeout: 30, DelaySeconds: 2}
                        tags: {team: payments, env: e2e}
                    """.formatted(q, q));
        }
        Files.writeString(phases.resolve("10-e2e.yaml"), yaml);
        return phases;
    }

    /** Every service with the common settings, the detector with {@code detectorExtra} on top. */
    public void startAll(Map<String, String> common, Map<String, String> detectorExtra) throws IOException {
        Map<String, Map<String, String>> byService = new LinkedHashMap<>();
        for (String s : SERVICES) {
            Map<String, String> props = new LinkedHashMap<>(common);
            if (s.equals("detector")) {
                props.putAll(detectorExtra);
            }
            byService.put(s, props);
        }
        startServices(byService);
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::close);
        stack.destroy();
        try {
            if (!stack.waitFor(15, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
