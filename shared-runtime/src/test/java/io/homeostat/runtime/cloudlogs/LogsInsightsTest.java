package io.homeostat.runtime.cloudlogs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.testing.LocalAws;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** Logs Insights against moto's CloudWatch Logs: the lines logged in the window come back, oldest first. */
class LogsInsightsTest {

    @Test
    void readsTheLinesLoggedInTheWindow() throws Exception {
        LocalAws aws = LocalAws.get();
        String group = "/homeostat/test/" + LocalAws.prefix("logs");
        Instant now = Instant.now();
        try (CloudWatchLogsClient app = CloudWatchLogsClient.builder().endpointOverride(URI.create(aws.endpoints().cloud()))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build();
             CloudClients clients = new CloudClients(Optional.of(aws.endpoints().cloud()), Optional.of("k"), Optional.of("s"))) {
            app.createLogGroup(b -> b.logGroupName(group));
            app.createLogStream(b -> b.logGroupName(group).logStreamName("app"));
            app.putLogEvents(b -> b.logGroupName(group).logStreamName("app").logEvents(
                    InputLogEvent.builder().timestamp(now.minusSeconds(20).toEpochMilli()).message("ERROR payment 1 failed").build(),
                    InputLogEvent.builder().timestamp(now.minusSeconds(10).toEpochMilli()).message("ERROR payment 2 failed").build()));

            List<String> lines = new LogsInsights(clients, "us-east-1", Duration.ofSeconds(20))
                    .errorLines(group, now.minusSeconds(60), now.plusSeconds(1));

            assertTrue(lines.containsAll(List.of("ERROR payment 1 failed", "ERROR payment 2 failed")), lines.toString());
            assertEquals(2, lines.size(), lines.toString());
        }
    }
}
