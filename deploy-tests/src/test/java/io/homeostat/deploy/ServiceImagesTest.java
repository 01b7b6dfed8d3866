package io.homeostat.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.images.ImageArchive;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tars {@code ./mvnw -Pimages verify} writes to target/images: one per service, non-root, the fast-jar
 * entrypoint, the service's port, this build's quarkus-app and no second copy of it — and the detector actually
 * starting on the image's own Java from the unpacked image. Tagged "images": runs with that profile only, since the
 * tars exist only then (see docs/operations.md, "Images").
 */
@Tag("images")
class ServiceImagesTest {

    private final Map<String, Integer> ports = Repo.ports();

    @Test
    void eachServiceImageRunsItsFastJarAsTheNonRootUserOnItsPort() throws IOException {
        for (String s : Repo.SERVICES) {
            ImageArchive image = image(s);
            // homeostat/<service>, the name deploy/k8s and deploy/ecs use (their registry and tag set per environment).
            assertEquals(List.of(System.getProperty("homeostat.image.registry", "homeostat/") + s + ":"
                    + System.getProperty("homeostat.image.tag", projectVersion())),
                    List.of(image.manifest.path("RepoTags").get(0).asText()), s + ": image name");
            JsonNode config = image.config.path("config");
            assertEquals("10001:10001", config.path("User").asText(), s + ": user (deploy/ runs it as 10001)");
            assertEquals("[\"java\",\"-jar\",\"/deployments/quarkus-run.jar\"]", config.path("Entrypoint").toString(),
                    s + ": entrypoint");
            assertEquals(List.of(ports.get(s) + "/tcp"), fieldNames(config.path("ExposedPorts")), s + ": port");
            assertTrue(config.path("Env").toString().contains("JDK_JAVA_OPTIONS="), s + ": JVM options by env");
            assertEquals("homeostat-" + s, config.path("Labels").path("org.opencontainers.image.title").asText());
        }
    }

    @Test
    void eachImageHoldsThisBuildsQuarkusAppOnceOverTheBase() throws IOException {
        for (String s : Repo.SERVICES) {
            ImageArchive image = image(s);
            Map<String, TarArchiveEntry> files = new HashMap<>();
            Map<String, String> layerOf = new HashMap<>();
            for (String layer : image.layerNames) {
                for (Map.Entry<String, TarArchiveEntry> e : image.entries(layer).entrySet()) {
                    files.put(e.getKey(), e.getValue());
                    layerOf.put(e.getKey(), layer);
                }
            }
            assertTrue(files.containsKey("opt/java/bin/java"), s + ": the base's runtime");
            assertFalse(files.keySet().stream().anyMatch(f -> f.startsWith("app/")), s + ": jib's /app copy filtered");

            Path quarkusApp = Repo.root().resolve(s + "-service/target/quarkus-app");
            String appJar = "app/" + s + "-service-" + projectVersion() + ".jar";
            for (String f : List.of("quarkus-run.jar", appJar, "quarkus/quarkus-application.dat")) {
                assertTrue(files.containsKey("deployments/" + f), s + ": /deployments/" + f);
            }
            assertArrayEquals(Files.readAllBytes(quarkusApp.resolve(appJar)),
                    read(image, layerOf.get("deployments/" + appJar), "deployments/" + appJar),
                    s + ": the image holds this build's application, not an older one");
            try (Stream<Path> libs = Files.list(quarkusApp.resolve("lib/main"))) {
                for (Path lib : libs.toList()) {
                    assertTrue(files.containsKey("deployments/lib/main/" + lib.getFileName()), s + ": " + lib);
                }
            }
            assertTrue(!layerOf.get("deployments/lib/main/" + sharedRuntimeJar())
                    .equals(layerOf.get("deployments/" + appJar)), s + ": dependencies and application in separate layers");
        }
    }

    @Test
    void theDetectorStartsOnTheImagesOwnJava(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root");
        image("detector").extractInto(root);

        Process version = ImageArchive.runJava(root, List.of("-version"));
        String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(version.waitFor(60, TimeUnit.SECONDS) && version.exitValue() == 0, out);

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Like the container would, but on the host: the image's Java and loader, its /deployments. No AWS is reachable;
        // the service must still start (consumers and scans retry) and answer liveness. A module missing from the
        // jlinked runtime shows up here as a start-up failure.
        Path log = dir.resolve("detector.log");
        List<String> args = new ArrayList<>(List.of("-Dquarkus.http.port=" + port, "-Djava.io.tmpdir=" + dir,
                "-Dhomeostat.phases.dir=" + Repo.root().resolve("phases"),
                "-Dquarkus.sqs.aws.region=us-east-1", "-Dquarkus.dynamodb.aws.region=us-east-1",
                "-Dquarkus.sqs.endpoint-override=http://127.0.0.1:9", "-Dquarkus.dynamodb.endpoint-override=http://127.0.0.1:9",
                "-Dhomeostat.cloud.endpoint=http://127.0.0.1:9",
                "-jar", root.resolve("deployments/quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(ImageArchive.javaCommand(root, args)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "images-test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "images-test");
        Process service = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!service.isAlive()) {
                    fail("the detector exited (" + service.exitValue() + ") on the image's Java:\n" + Files.readString(log));
                }
                if (status("http://127.0.0.1:" + port + "/q/health/live") == 200) {
                    String started = Files.readString(log);
                    assertTrue(started.contains("homeostat-detector"), started);
                    assertFalse(started.contains("NoClassDefFoundError"), started);
                    // The ECS health check's command, as the task definitions give it: live answers 200, ready is DOWN
                    // (no AWS reachable here), and the probe must tell them apart.
                    assertEquals(0, probe(root, "http://127.0.0.1:" + port + "/q/health/live"), "probe of liveness");
                    assertEquals(1, probe(root, "http://127.0.0.1:" + port + "/q/health/ready"), "probe of readiness");
                    return;
                }
                Thread.sleep(500);
            }
            fail("the detector did not answer /q/health/live within 120 s:\n" + Files.readString(log));
        } finally {
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    private static int probe(Path root, String url) throws Exception {
        Process p = ImageArchive.runJava(root, List.of("-Xmx32m", "-cp", root.resolve("deployments/lib/main") + "/*",
                "io.homeostat.runtime.health.HealthProbe", url));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish: " + out);
        return p.exitValue();
    }

    private static int status(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private static ImageArchive image(String service) throws IOException {
        Path tar = Repo.root().resolve("target/images/homeostat-" + service + ".tar");
        assertTrue(Files.isRegularFile(tar), tar + " missing: build the images with ./mvnw -B -Pimages verify");
        return new ImageArchive(tar);
    }

    private static byte[] read(ImageArchive image, String layer, String path) throws IOException {
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(image.layer(layer)))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().replaceAll("^/", "").equals(path)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError(path + " not in layer " + layer);
    }

    private static String sharedRuntimeJar() {
        return "io.homeostat.shared-runtime-" + projectVersion() + ".jar";
    }

    private static String projectVersion() {
        return System.getProperty("homeostat.version", "0.1.0-SNAPSHOT");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
