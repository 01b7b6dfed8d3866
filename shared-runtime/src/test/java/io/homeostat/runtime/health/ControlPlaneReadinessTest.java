package io.homeostat.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.store.Tables;
import io.homeostat.runtime.testing.CuttableProxy;
import io.homeostat.runtime.testing.LocalAws;
import io.homeostat.runtime.transport.QueueDirectory;
import io.homeostat.runtime.transport.Routes;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Readiness against the real emulators behind cuttable connections: DOWN naming what is unreachable while the queue or
 * the table cannot be reached, UP again by itself once they can — no restart, nothing cached.
 */
class ControlPlaneReadinessTest {

    private static CuttableProxy sqsLink;
    private static CuttableProxy dynamoLink;
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static QueueDirectory queues;
    private static Tables tables;

    @BeforeAll
    static void start() throws Exception {
        LocalAws aws = LocalAws.get();
        sqsLink = CuttableProxy.to(aws.endpoints().controlSqs());
        dynamoLink = CuttableProxy.to(aws.endpoints().controlDynamodb());
        var http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(10));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        // One try per call, as a probe wants: the answer should say how things are now, not after SDK retries.
        sqs = SqsClient.builder().endpointOverride(URI.create(sqsLink.endpoint())).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(http.build()).overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(dynamoLink.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(http.build()).overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
        String prefix = LocalAws.prefix("ready");
        new QueueDirectory(aws.controlSqs(), prefix).ensureAll(3); // set up directly; only the checks go through the links
        queues = new QueueDirectory(sqs, prefix);
        tables = aws.freshTables("ready");
    }

    @AfterAll
    static void stop() throws Exception {
        sqsLink.close();
        dynamoLink.close();
    }

    private static HealthCheckResponse check() {
        return ControlPlaneReadiness.check(sqs, dynamo, queues, Routes.ANALYZER, tables.incidents());
    }

    /**
     * The probe's answer once it is {@code expected}, or the last answer after 5 s. A pooled connection the cut raced
     * with can let one probe through; a probe must report the outage on the next call, not necessarily this one.
     */
    private static HealthCheckResponse awaitStatus(HealthCheckResponse.Status expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        HealthCheckResponse r = check();
        while (r.getStatus() != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = check();
        }
        assertEquals(expected, r.getStatus(), () -> "readiness never became " + expected);
        return r;
    }

    private static String data(HealthCheckResponse r, String key) {
        return String.valueOf(r.getData().orElseThrow().get(key));
    }

    // The queue side is proven end to end instead (FaultInjectionTest: the services' SQS link dropped for 30 s → 503,
    // then 200 by itself): in the full suite the SQS client reached ElasticMQ by the queue URL's own address, around
    // this proxy, so cutting the proxy here did not cut the queue.

    @Test
    void downWhileTheTableIsUnreachableAndUpAgainByItself() throws Exception {
        assertEquals(HealthCheckResponse.Status.UP, check().getStatus());

        dynamoLink.cut();
        HealthCheckResponse down = awaitStatus(HealthCheckResponse.Status.DOWN);
        assertTrue(down.getData().orElseThrow().containsKey("tableError"), down.getData().toString());
        assertEquals("0", data(down, "queueDepth"), "the queue is still fine");

        dynamoLink.restore();
        assertEquals(HealthCheckResponse.Status.UP, awaitStatus(HealthCheckResponse.Status.UP).getStatus());
    }
}
