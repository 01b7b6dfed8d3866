package io.homeostat.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the real services' base image (jlink of the service modules, the host's libraries) once and checks it as a
 * container runtime and jib would see it — and runs its Java through its own loader, proving the base is usable.
 */
class BaseImageBuilderTest {

    @TempDir
    static Path dir;

    static ImageArchive image;
    static Path root;

    @BeforeAll
    static void build() throws Exception {
        Path tar = dir.resolve("base.tar");
        BaseImageBuilder.build(BaseImageSpec.forServices(), tar);
        image = new ImageArchive(tar);
        root = dir.resolve("root");
        image.extractInto(root);
    }

    @Test
    void archiveIsConsistentAsJibAndDockerLoadReadIt() throws IOException {
        // jib's tar:// base: manifest.json -> Config and Layers; one diff_id per layer, the layer's sha256.
        assertEquals(List.of("homeostat/base-jre:" + Runtime.version().feature()),
                List.of(image.manifest.path("RepoTags").get(0).asText()));
        assertEquals(1, image.layerNames.size());
        String layerDigest = sha256(image.layer(image.layerNames.get(0)));
        assertEquals("sha256:" + layerDigest, image.config.path("rootfs").path("diff_ids").get(0).asText());
        assertEquals(image.manifest.path("Config").asText(), sha256(image.configBytes) + ".json",
                "config named by its digest");
        assertEquals("linux", image.config.path("os").asText());
        assertEquals("amd64", image.config.path("architecture").asText());
    }

    @Test
    void runsAsTheNonRootUserItDeclares() throws IOException {
        assertEquals("10001:10001", image.config.path("config").path("User").asText());
        String passwd = Files.readString(root.resolve("etc/passwd"));
        assertTrue(passwd.contains("homeostat:x:10001:10001:"), passwd);
        assertTrue(Files.readString(root.resolve("etc/group")).contains("homeostat:x:10001:"));

        Map<String, TarArchiveEntry> entries = image.entries(image.layerNames.get(0));
        TarArchiveEntry home = entries.get("home/homeostat");
        assertEquals(10001, home.getLongUserId(), "home owned by the user");
        assertEquals(01777, entries.get("tmp").getMode() & 07777, "/tmp writable by everyone, sticky");
        assertEquals(0, entries.get("opt/java/bin/java").getLongUserId(), "the runtime belongs to root");
        assertEquals(0, entries.get("opt/java/bin/java").getMode() & 0022, "and nobody else may change it");
    }

    @Test
    void carriesTheRuntimeItsLibrariesAndTheCaCertificates() throws Exception {
        assertTrue(Files.isRegularFile(root.resolve("lib64/ld-linux-x86-64.so.2")), "the dynamic loader");
        assertTrue(Files.isRegularFile(root.resolve("lib/x86_64-linux-gnu/libc.so.6")), "glibc");
        assertTrue(Files.isRegularFile(root.resolve("lib/x86_64-linux-gnu/libz.so.1")), "zlib");
        assertTrue(image.config.path("config").path("Env").toString().contains("PATH=/opt/java/bin:"));

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        try (var in = Files.newInputStream(root.resolve("opt/java/lib/security/cacerts"))) {
            trust.load(in, null);
        }
        assertTrue(trust.size() > 50, "a real CA bundle, not a placeholder: " + trust.size() + " entries");
    }

    @Test
    void itsOwnJavaRunsWithOnlyTheLinkedModules() throws Exception {
        String version = run("-version");
        assertTrue(version.contains("version \"" + Runtime.version().feature()), version);

        List<String> modules = new ArrayList<>();
        for (String line : run("--list-modules").split("\n")) {
            if (!line.isBlank()) {
                modules.add(line.replaceAll("@.*", "").strip());
            }
        }
        assertTrue(modules.containsAll(BaseImageSpec.SERVICE_MODULES), modules.toString());
        assertTrue(!modules.contains("jdk.jlink") && !modules.contains("jdk.jshell"), "no JDK tools: " + modules);

        String properties = run("-XshowSettings:properties", "-version");
        assertTrue(properties.contains("java.home = " + root.resolve("opt/java")), "java.home inside the image");
    }

    @Test
    void theSameInputsGiveTheSameBytes() throws Exception {
        // Small runtime to keep it quick. Three builds in this one JVM: jlink run in-process gave different bytes
        // from one link to the next (JavaRuntimeLinker), which two builds caught only about half the time.
        BaseImageSpec small = BaseImageSpec.forServices().withModules(List.of("java.base"));
        Path first = dir.resolve("first.tar");
        BaseImageBuilder.build(small, first);
        byte[] expected = Files.readAllBytes(first);
        for (String name : List.of("second.tar", "third.tar")) {
            Path again = dir.resolve(name);
            BaseImageBuilder.build(small, again);
            assertArrayEquals(expected, Files.readAllBytes(again), name + " differs from first.tar");
        }
    }

    private static String run(String... args) throws Exception {
        Process process = ImageArchive.runJava(root, List.of(args));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "java " + String.join(" ", args) + " did not finish");
        assertEquals(0, process.exitValue(), "java " + String.join(" ", args) + ": " + output);
        return output;
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(DockerArchive.sha256().digest(bytes));
    }

}
