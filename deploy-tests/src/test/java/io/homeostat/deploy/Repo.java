package io.homeostat.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The repository around this module and the facts about the services the manifests must agree with. */
final class Repo {

    static final List<String> SERVICES = List.of("detector", "analyzer", "planner", "executor", "verifier");

    private Repo() {
    }

    /** The repository root: Surefire runs in this module's folder, whether built alone or from the reactor. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/k8s")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/k8s above " + here);
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    static Path ecs() {
        return root().resolve("deploy/ecs");
    }

    /** quarkus.http.port of each service, read from its application.properties. */
    static Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String s : SERVICES) {
            Path file = root().resolve(s + "-service/src/main/resources/application.properties");
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                props.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String port = props.getProperty("quarkus.http.port");
            assertTrue(port != null, file + " sets no quarkus.http.port");
            ports.put(s, Integer.parseInt(port.trim()));
        }
        return ports;
    }
}
