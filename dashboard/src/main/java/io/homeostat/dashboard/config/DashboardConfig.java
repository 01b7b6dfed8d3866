package io.homeostat.dashboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/**
 * Where the dashboard forwards the page's calls. The dashboard is not a Homeostat service (no queue, no table, no
 * {@code HomeostatConfig}): it only needs the two operator APIs it stands in front of, so it has this mapping of its
 * own under {@code homeostat.dashboard}. It holds no token: every call carries the signed-in user's.
 */
@ConfigMapping(prefix = "homeostat.dashboard")
public interface DashboardConfig {

    /** Base URL of the detector's operator API (status, incidents, DLQ). */
    @WithDefault("http://127.0.0.1:8081")
    URI detectorUrl();

    /** Base URL of the planner's operator API (plans and decisions on them). */
    @WithDefault("http://127.0.0.1:8083")
    URI plannerUrl();

    /** How long to wait for a connection to a service before answering 502. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long to wait for a service's answer before answering 504; {@code /api/status} observes live, so not too short. */
    @WithDefault("30s")
    Duration requestTimeout();
}
