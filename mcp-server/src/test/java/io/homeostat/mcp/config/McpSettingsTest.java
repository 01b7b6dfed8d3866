package io.homeostat.mcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class McpSettingsTest {

    @Test
    void defaultsPointAtTheLocalServicesAndHaveNoToken() {
        McpSettings s = McpSettings.from(Map.of());
        assertEquals(URI.create("http://localhost:8081"), s.detectorApi());
        assertEquals(URI.create("http://localhost:8083"), s.plannerApi());
        assertEquals(Optional.empty(), s.token());
        assertEquals(Path.of("phases").toAbsolutePath(), s.phasesDir());
        assertEquals(Duration.ofSeconds(30), s.timeout());
    }

    @Test
    void readsTheEnvironment() {
        McpSettings s = McpSettings.from(Map.of("HOMEOSTAT_API", "http://det:9/", "HOMEOSTAT_PLANNER_API", "https://plan:10",
                "HOMEOSTAT_TOKEN", " t0k \n", "HOMEOSTAT_PHASES_DIR", "/repo/phases", "HOMEOSTAT_API_TIMEOUT_SECONDS", "5"));
        assertEquals(URI.create("http://det:9"), s.detectorApi());
        assertEquals(URI.create("https://plan:10"), s.plannerApi());
        assertEquals(Optional.of("t0k"), s.token());
        assertEquals(Path.of("/repo/phases"), s.phasesDir());
        assertEquals(Duration.ofSeconds(5), s.timeout());
        assertEquals(Optional.empty(), McpSettings.from(Map.of("HOMEOSTAT_TOKEN", "  ")).token(), "a blank token is no token");
    }

    @Test
    void malformedValuesNameTheVariable() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> McpSettings.from(Map.of("HOMEOSTAT_API", "ftp://x")))
                .getMessage().startsWith("HOMEOSTAT_API 'ftp://x'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> McpSettings.from(Map.of("HOMEOSTAT_API_TIMEOUT_SECONDS", "soon")))
                .getMessage().startsWith("HOMEOSTAT_API_TIMEOUT_SECONDS"));
    }
}
