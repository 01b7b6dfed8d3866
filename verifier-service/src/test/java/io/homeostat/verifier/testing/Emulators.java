package io.homeostat.verifier.testing;

import io.homeostat.localstack.EmulatorStack;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.store.TableBootstrap;
import io.homeostat.runtime.store.Tables;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The local emulators (DynamoDB Local for the store, moto for the cloud), started once per test JVM. */
public final class Emulators {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static Emulators instance;

    public final EmulatorStack stack;
    public final CloudClients cloud;
    public final DynamoDbClient dynamo;

    private Emulators(EmulatorStack stack) {
        this.stack = stack;
        this.cloud = new CloudClients(Optional.of(stack.endpoints().cloud()), Optional.of("homeostat-executor"), Optional.of("x"));
        this.dynamo = DynamoDbClient.builder().endpointOverride(URI.create(stack.endpoints().controlDynamodb()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    public static synchronized Emulators get() {
        if (instance == null) {
            try {
                instance = new Emulators(EmulatorStack.start(EmulatorStack.Options.ephemeral().withRequireMoto(true)));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the local emulators: " + e.getMessage(), e);
            }
            Emulators started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.cloud.close();
                started.stack.close();
            }, "emulators-shutdown"));
        }
        return instance;
    }

    /** Homeostat's tables under a prefix no other test uses. */
    public Tables freshTables(String base) {
        Tables tables = Tables.withPrefix(base + "-" + SEQ.incrementAndGet() + "-");
        TableBootstrap.ensureTables(dynamo, tables);
        return tables;
    }
}
