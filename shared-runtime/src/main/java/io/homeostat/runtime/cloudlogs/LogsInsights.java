package io.homeostat.runtime.cloudlogs;

import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.CloudClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

/**
 * Reads application log lines from a CloudWatch Logs group with Logs Insights: one query per time window, error-ish
 * lines only, results polled until the query completes. Read-only: the query is the only thing it starts.
 */
public final class LogsInsights {

    /** Narrows the query to lines worth counting; the detector's own pattern rules then decide what is an error. */
    public static final String QUERY = "fields @timestamp, @message"
            + " | filter @message like /(?i)(error|exception|fatal|panic|critical|severe|traceback)/"
            + " | sort @timestamp asc | limit 10000";
    private static final Duration POLL = Duration.ofMillis(250);

    private final CloudClients clients;
    private final String region;
    private final Duration timeout;
    private final Map<String, CloudWatchLogsClient> byRegion = new ConcurrentHashMap<>();

    public LogsInsights(CloudClients clients, String region, Duration timeout) {
        this.clients = clients;
        this.region = region;
        this.timeout = timeout;
    }

    /** The messages logged to {@code group} in {@code [from, to)} that may be errors, oldest first. */
    public List<String> errorLines(String group, Instant from, Instant to) throws InterruptedException {
        CloudWatchLogsClient logs = byRegion.computeIfAbsent(region, r -> clients.configure(CloudWatchLogsClient.builder(), r).build());
        try {
            String queryId = logs.startQuery(b -> b.logGroupName(group).queryString(QUERY)
                    .startTime(from.getEpochSecond()).endTime(Math.max(from.getEpochSecond(), to.getEpochSecond() - 1))).queryId();
            long deadline = System.nanoTime() + timeout.toNanos();
            GetQueryResultsResponse results;
            do {
                Thread.sleep(POLL.toMillis());
                results = logs.getQueryResults(b -> b.queryId(queryId));
            } while (!done(results.status()) && System.nanoTime() < deadline);
            if (results.status() != QueryStatus.COMPLETE) {
                throw new CloudCallException("Logs Insights query on " + group + " ended " + results.statusAsString(), true, null);
            }
            List<String> lines = new ArrayList<>();
            for (List<ResultField> row : results.results()) {
                row.stream().filter(f -> "@message".equals(f.field())).findFirst().ifPresent(f -> lines.add(f.value()));
            }
            return lines;
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("query log group " + group, e);
        }
    }

    private static boolean done(QueryStatus status) {
        return status == QueryStatus.COMPLETE || status == QueryStatus.FAILED || status == QueryStatus.CANCELLED
                || status == QueryStatus.TIMEOUT;
    }
}
