package io.homeostat.mcp.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The settings of this process, from its environment. */
public class SettingsProducer {

    @Produces
    @Singleton
    McpSettings settings() {
        return McpSettings.from(System.getenv());
    }
}
