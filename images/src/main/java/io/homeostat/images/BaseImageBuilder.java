package io.homeostat.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Assembles the base image from what is on this machine — no engine, no registry: a jlinked runtime at
 * {@value #JAVA_HOME}, the system libraries it links against at the paths the loader looks for them, a non-root user,
 * the CA certificates (the JDK's trust store and the PEM bundle) and a world-writable {@code /tmp}.
 */
public final class BaseImageBuilder {

    /** Where the runtime lives in the image; {@code bin} is on the image's PATH. */
    public static final String JAVA_HOME = "/opt/java";

    private BaseImageBuilder() {
    }

    /** Builds the image described by {@code spec} into {@code output}, a docker-archive tar. */
    public static void build(BaseImageSpec spec, Path output) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("homeostat-base-image");
        try {
            Path runtime = work.resolve("runtime");
            JavaRuntimeLinker.link(spec.javaHome(), spec.modules(), runtime);
            Set<Path> libraries = SharedLibraries.neededBy(runtime);

            RootFilesystem fs = new RootFilesystem();
            fs.tree(runtime, JAVA_HOME);
            // Debian's JDK points lib/security/cacerts at /etc/ssl/certs/java/cacerts: take the file it points to.
            Path trustStore = spec.javaHome().resolve("lib/security/cacerts");
            if (!Files.isRegularFile(trustStore)) {
                throw new IllegalStateException("no CA trust store at " + trustStore + " (on Debian: apt-get install "
                        + "ca-certificates-java)");
            }
            fs.copy(trustStore, JAVA_HOME + "/lib/security/cacerts");
            for (Path library : libraries) {
                fs.copy(library, library.toString());
            }
            Path pemBundle = Path.of("/etc/ssl/certs/ca-certificates.crt");
            if (Files.isRegularFile(pemBundle)) {
                fs.copy(pemBundle, pemBundle.toString());
            }
            String user = spec.userName();
            int uid = spec.uid();
            fs.file("/etc/passwd", 0644, "root:x:0:0:root:/root:/sbin/nologin\n"
                    + user + ":x:" + uid + ":" + uid + ":" + user + ":/home/" + user + ":/sbin/nologin\n");
            fs.file("/etc/group", 0644, "root:x:0:\n" + user + ":x:" + uid + ":\n");
            // glibc resolves host names through NSS: files (/etc/hosts, mounted by the runtime) first, then DNS.
            fs.file("/etc/nsswitch.conf", 0644, "passwd: files\ngroup: files\nhosts: files dns\n");
            fs.directory("/root", 0700, 0);
            fs.directory("/home/" + user, 0700, uid);
            fs.directory("/tmp", 01777, 0);

            DockerArchive.write(fs, runtimeConfig(spec, runtime), spec.tag(),
                    "homeostat images: jlink --add-modules " + String.join(",", spec.modules())
                            + " + " + libraries.size() + " system libraries, user " + user + " (" + uid + ")",
                    output);
        } finally {
            deleteTree(work);
        }
    }

    private static Map<String, Object> runtimeConfig(BaseImageSpec spec, Path runtime) throws IOException {
        Properties release = new Properties();
        try (var in = Files.newInputStream(runtime.resolve("release"))) {
            release.load(in);
        }
        String javaVersion = release.getProperty("JAVA_VERSION", "unknown").replace("\"", "");
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "homeostat-base-jre");
        labels.put("org.opencontainers.image.description",
                "Java " + javaVersion + " runtime (jlinked) for the Homeostat services, non-root user "
                        + spec.userName() + " (" + spec.uid() + ")");
        labels.put("io.homeostat.java.version", javaVersion);
        labels.put("io.homeostat.java.modules", String.join(",", spec.modules()));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("User", spec.uid() + ":" + spec.uid());
        config.put("Env", List.of(
                "PATH=" + JAVA_HOME + "/bin:/usr/local/bin:/usr/bin:/bin",
                "JAVA_HOME=" + JAVA_HOME,
                "LANG=C.UTF-8"));
        config.put("WorkingDir", "/home/" + spec.userName());
        config.put("Labels", labels);
        return config;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
