package io.homeostat.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/ecs: one Fargate task definition per service, consistent with the service's port and health endpoints. */
class EcsTaskDefinitionsTest {

    private final Map<String, Integer> ports = Repo.ports();

    @Test
    void exactlyOneTaskDefinitionPerService() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(Repo.ecs())) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
        List<String> expected = new ArrayList<>(Repo.SERVICES.stream().map(s -> s + "-task-definition.json").toList());
        expected.sort(null);
        assertEquals(expected, files);
        assertTrue(Files.isRegularFile(Repo.ecs().resolve("README.md")), "deploy/ecs/README.md");
    }

    @Test
    void taskDefinitionsRunEachServiceOnFargateNonRootReadOnlyWithHealthCheckAndLogs() throws IOException {
        for (String s : Repo.SERVICES) {
            int port = ports.get(s);
            JsonNode td = Manifests.JSON.readTree(Repo.ecs().resolve(s + "-task-definition.json").toFile());
            assertEquals("homeostat-" + s, td.path("family").asText(), s + ": family");
            assertEquals("awsvpc", td.path("networkMode").asText(), s + ": networkMode");
            assertTrue(td.path("requiresCompatibilities").toString().contains("\"FARGATE\""), s + ": requiresCompatibilities");
            assertFalse(td.path("cpu").asText().isEmpty(), s + ": cpu");
            assertFalse(td.path("memory").asText().isEmpty(), s + ": memory");
            assertTrue(td.path("taskRoleArn").asText().matches("arn:aws:iam::\\d{12}:role/homeostat-" + s + ".*"), s + ": taskRoleArn");
            assertTrue(td.path("executionRoleArn").asText().matches("arn:aws:iam::\\d{12}:role/homeostat-" + s + ".*"), s + ": executionRoleArn");

            JsonNode containers = td.path("containerDefinitions");
            assertEquals(1, containers.size(), s + ": containers");
            JsonNode c = containers.get(0);
            assertEquals(s, c.path("name").asText(), s + ": container name");
            assertTrue(c.path("image").asText().contains("homeostat/" + s + ":"), s + ": image " + c.path("image").asText());
            assertEquals("10001", c.path("user").asText(), s + ": user (the image's non-root user)");
            assertTrue(c.path("readonlyRootFilesystem").asBoolean(false), s + ": readonlyRootFilesystem");
            assertEquals(1, c.path("portMappings").size(), s + ": portMappings");
            assertEquals(port, c.path("portMappings").get(0).path("containerPort").asInt(), s + ": containerPort");

            String check = c.path("healthCheck").path("command").toString();
            // The image has neither a shell nor curl: the check runs the image's java with the services' own probe.
            assertEquals("CMD", c.path("healthCheck").path("command").get(0).asText(), s + ": health check needs a shell");
            assertTrue(check.contains("io.homeostat.runtime.health.HealthProbe") && !check.contains("curl"),
                    s + ": health check " + check);
            assertTrue(check.contains("http://localhost:" + port + "/q/health/ready"), s + ": health check " + check);
            assertTrue(c.path("healthCheck").path("startPeriod").asInt(0) > 0, s + ": health check startPeriod (JVM start)");

            boolean tmpMounted = false;
            for (JsonNode m : c.path("mountPoints")) {
                tmpMounted |= m.path("containerPath").asText().equals("/tmp");
            }
            assertTrue(tmpMounted, s + ": /tmp not writable (read-only root)");

            assertEquals("awslogs", c.path("logConfiguration").path("logDriver").asText(), s + ": logDriver");
            assertFalse(c.path("logConfiguration").path("options").path("awslogs-group").asText().isEmpty(), s + ": awslogs-group");

            List<String> env = new ArrayList<>();
            for (JsonNode e : c.path("environment")) {
                env.add(e.path("name").asText());
                assertFalse(e.path("name").asText().contains("TOKEN"), s + ": token in plain environment");
            }
            for (String key : List.of("HOMEOSTAT_CLOUD_REGION", "HOMEOSTAT_CONTROL_QUEUE_PREFIX", "HOMEOSTAT_CONTROL_TABLE_PREFIX")) {
                assertTrue(env.contains(key), s + ": environment lacks " + key);
            }
            for (JsonNode e : c.path("environment")) {
                if (e.path("name").asText().equals("QUARKUS_HTTP_PORT")) {
                    assertEquals(String.valueOf(port), e.path("value").asText(), s + ": QUARKUS_HTTP_PORT");
                }
            }
        }
    }
}
