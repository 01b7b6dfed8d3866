package io.homeostat.mcp.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The settings of this process, from its environment; read at start so a malformed value stops it with the reason. */
public class SettingsProducer {

    private static final Logger LOG = Logger.getLogger(SettingsProducer.class);

    @Produces
    @Singleton
    McpSettings settings() {
        return McpSettings.from(System.getenv());
    }

    /** One line on stderr (stdout is the protocol) saying where this server points; never the token itself. */
    void started(@Observes StartupEvent event, McpSettings settings) {
        LOG.infof("Homeostat MCP server on stdio: detector API %s, planner API %s, phases %s, token %s",
                settings.detectorApi(), settings.plannerApi(), settings.phasesDir(),
                settings.token().isPresent() ? "given" : "MISSING (set HOMEOSTAT_TOKEN; every call will be refused)");
    }
}
