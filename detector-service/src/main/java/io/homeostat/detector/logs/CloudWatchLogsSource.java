package io.homeostat.detector.logs;

import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.runtime.cloudlogs.LogsInsights;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.config.StartupGate;
import io.homeostat.runtime.provider.CloudClients;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The AWS log source: once per bucket, each group under {@code homeostat.detector.logs.cloudwatch-groups.<source>}
 * is queried with Logs Insights for the window since the previous query, and the lines are ingested under the
 * source's name. A failed window is tried again with the next one (the window start only moves on success).
 */
@Singleton
public class CloudWatchLogsSource {

    private static final Logger LOG = Logger.getLogger(CloudWatchLogsSource.class);

    @Inject
    DetectorConfig config;

    @Inject
    HomeostatConfig homeostat;

    @Inject
    CloudClients clients;

    @Inject
    LogIngest ingest;

    @Inject
    StartupGate startup;

    @Inject
    Clock clock;

    private LogsInsights insights;
    private final Map<String, Instant> windowStart = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        insights = new LogsInsights(clients, homeostat.cloud().region(), Duration.ofSeconds(30));
    }

    @Scheduled(every = "${homeostat.detector.logs.bucket:1m}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (startup.isOpen() && config.logs().enabled()) {
            config.logs().cloudwatchGroups().forEach(this::queryQuietly);
        }
    }

    private void queryQuietly(String source, String group) {
        Instant to = clock.instant();
        Instant from = windowStart.computeIfAbsent(source, s -> to.minus(config.logs().bucket()));
        try {
            ingest.ingest(source, insights.errorLines(group, from, to));
            windowStart.put(source, to);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("cannot read log group %s for log source %s (tried again next bucket): %s", group, source, e.getMessage());
        }
    }
}
