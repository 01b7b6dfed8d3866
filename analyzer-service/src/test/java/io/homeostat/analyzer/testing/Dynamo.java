package io.homeostat.analyzer.testing;

import io.homeostat.localstack.EmulatorStack;
import io.homeostat.runtime.store.TableBootstrap;
import io.homeostat.runtime.store.Tables;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local from the embedded stack, started once per test JVM; each caller gets its own tables under a fresh
 * prefix, so test classes never see each other's incidents or cache entries.
 */
public final class Dynamo {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static DynamoDbClient client;

    private Dynamo() {}

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            EmulatorStack stack;
            try {
                stack = EmulatorStack.start(EmulatorStack.Options.ephemeral());
            } catch (Exception e) {
                throw new IllegalStateException("could not start the local emulator stack: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "analyzer-test-stack-shutdown"));
            client = DynamoDbClient.builder().endpointOverride(URI.create(stack.endpoints().controlDynamodb()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return client;
    }

    public static Tables freshTables(String base) {
        Tables tables = Tables.withPrefix(base + "-" + SEQ.incrementAndGet() + "-");
        TableBootstrap.ensureTables(client(), tables);
        return tables;
    }
}
