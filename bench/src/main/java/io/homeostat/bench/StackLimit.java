package io.homeostat.bench;

import io.homeostat.e2e.Clients;
import io.homeostat.localstack.Endpoints;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the local stack itself can do, with nothing of Homeostat in between: SQS calls per second as a
 * send → receive → delete cycle on ElasticMQ, and conditional writes per second on DynamoDB Local — the ceiling any
 * pipeline on this stack (and machine) runs under.
 *
 * @param sqsCallsPerSecond every send, receive and delete counts as one call
 * @param dynamoWritesPerSecond conditional PutItems ({@code attribute_not_exists}) per second
 */
record StackLimit(double sqsCallsPerSecond, double dynamoWritesPerSecond, int threads, Duration each) {

    static StackLimit measure(Endpoints endpoints, int threads, Duration each) throws Exception {
        double sqs;
        try (SqsClient client = Clients.sqs(endpoints.controlSqs(), "bench")) {
            sqs = sqsRate(client, threads, each);
        }
        double ddb;
        try (DynamoDbClient client = dynamo(endpoints.controlDynamodb())) {
            ddb = dynamoRate(client, threads, each);
        }
        return new StackLimit(sqs, ddb, threads, each);
    }

    private static double sqsRate(SqsClient sqs, int threads, Duration each) throws Exception {
        String url = sqs.createQueue(b -> b.queueName("bench-raw-" + UUID.randomUUID())).queueUrl();
        return run(threads, each, calls -> {
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"bench\":true}"));
            var got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(0)).messages();
            calls.add(2);
            for (var m : got) {
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                calls.increment();
            }
        });
    }

    private static double dynamoRate(DynamoDbClient ddb, int threads, Duration each) throws Exception {
        String table = "bench-raw-" + UUID.randomUUID();
        ddb.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .billingMode("PAY_PER_REQUEST"));
        return run(threads, each, calls -> {
            ddb.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", AttributeValue.fromS(UUID.randomUUID().toString()), "state", AttributeValue.fromS("DETECTED")))
                    .conditionExpression("attribute_not_exists(pk)"));
            calls.increment();
        });
    }

    private interface Cycle {
        void run(LongAdder calls);
    }

    private static double run(int threads, Duration each, Cycle cycle) throws Exception {
        // Warm up first: the first calls of a fresh client pay for class loading and JIT, which is not the stack's cost.
        LongAdder ignored = new LongAdder();
        for (int i = 0; i < 200; i++) {
            cycle.run(ignored);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        LongAdder calls = new LongAdder();
        long start = System.nanoTime();
        long end = start + each.toNanos();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        cycle.run(calls);
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return calls.sum() / ((System.nanoTime() - start) / 1e9);
    }

    static DynamoDbClient dynamo(String endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
