package io.homeostat.e2e;

import io.homeostat.localstack.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One packaged service (target/quarkus-app) running as its own JVM, on a free port. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final String name;
    public final int port;
    private final Process process;
    private final long startedNanos = System.nanoTime();
    private volatile Duration readyAfter;

    private ServiceProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    static ServiceProcess start(Path root, String name, Map<String, String> properties, Path logDir) throws IOException {
        return start(name, root.resolve(name + "-service/target/quarkus-app/quarkus-run.jar"), properties, logDir);
    }

    /** Any packaged Quarkus app (e.g. the dashboard, {@code dashboard/target/quarkus-app/quarkus-run.jar}). */
    static ServiceProcess start(String name, Path jar, Map<String, String> properties, Path logDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " not packaged: " + jar + " (run ./mvnw verify from the root)");
        }
        int port = FreePorts.pick(0);
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        Files.createDirectories(logDir);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".log").toFile()))
                .start();
        return new ServiceProcess(name, port, p);
    }

    public void awaitReady(Duration timeout) {
        Await.until(name + " ready on port " + port, timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue());
            }
            return get("/q/health/ready").filter(r -> r.statusCode() == 200);
        });
        if (readyAfter == null) {
            readyAfter = Duration.ofNanos(System.nanoTime() - startedNanos);
        }
    }

    /** From process start to the first ready answer seen (polled every 200 ms); null until then. */
    public Duration readyAfter() {
        return readyAfter;
    }

    /** A GET as an operator: {@code /api} calls carry the e2e user's token. */
    public Optional<HttpResponse<String>> get(String path) {
        return send("GET", path, null, path.startsWith("/api") ? Pipeline.API_TOKEN : null);
    }

    /** Any call; {@code token} null = no Authorization header, {@code json} null = no body. */
    Optional<HttpResponse<String>> send(String method, String path, String json, String token) {
        return send(method, path, json, token, "*/*");
    }

    Optional<HttpResponse<String>> send(String method, String path, String json, String token, String accept) {
        return send(method, path, json, token, accept, Duration.ofSeconds(20));
    }

    /** With a longer {@code timeout} for calls that do real work (an import lists and describes cloud resources). */
    Optional<HttpResponse<String>> send(String method, String path, String json, String token, String accept, Duration timeout) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(timeout)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            b.header("Accept", accept);
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(r);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The operating-system process id, e.g. to read its memory from {@code /proc/<pid>/status}. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
