package io.homeostat.runtime.testing;

import io.homeostat.localstack.EmulatorStack;
import io.homeostat.localstack.Endpoints;
import io.homeostat.runtime.store.TableBootstrap;
import io.homeostat.runtime.store.Tables;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded emulators (ElasticMQ, DynamoDB Local, moto), started once for the whole test JVM on first use and
 * stopped when it exits. Test classes call {@link #get()} from {@code @BeforeAll} and keep apart from each other by
 * table and queue prefixes ({@link #prefix}), so they never see each other's data.
 */
public final class LocalAws {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static LocalAws instance;

    private final EmulatorStack stack;
    private final SqsClient controlSqs;
    private final DynamoDbClient dynamo;
    private final SqsClient cloudSqs;
    private final EventBridgeClient cloudEvents;

    private LocalAws(EmulatorStack stack) {
        this.stack = stack;
        Endpoints e = stack.endpoints();
        this.controlSqs = client(SqsClient.builder(), e.controlSqs());
        this.dynamo = client(DynamoDbClient.builder(), e.controlDynamodb());
        this.cloudSqs = client(SqsClient.builder(), e.cloud());
        this.cloudEvents = client(EventBridgeClient.builder(), e.cloud());
    }

    /** The shared stack; moto is required (no silent fallback to an SQS-only cloud). */
    public static synchronized LocalAws get() {
        if (instance == null) {
            try {
                instance = new LocalAws(EmulatorStack.start(EmulatorStack.Options.ephemeral().withRequireMoto(true)));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the local emulator stack: " + e.getMessage(), e);
            }
            LocalAws started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started.stack::close, "local-aws-shutdown"));
        }
        return instance;
    }

    /** A fresh name prefix, e.g. {@code idem-3-}; names built from it never collide within a run. */
    public static String prefix(String base) {
        return base + "-" + SEQ.incrementAndGet() + "-";
    }

    /** Creates Homeostat's tables (and the incidents index) under a fresh prefix. */
    public Tables freshTables(String base) {
        Tables tables = Tables.withPrefix(prefix(base));
        TableBootstrap.ensureTables(dynamo, tables);
        return tables;
    }

    public Endpoints endpoints() {
        return stack.endpoints();
    }

    /** ElasticMQ: Homeostat's own queues. */
    public SqsClient controlSqs() {
        return controlSqs;
    }

    /** DynamoDB Local: Homeostat's own tables. */
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** moto's SQS: the managed cloud, as an outside user would touch it. */
    public SqsClient cloudSqs() {
        return cloudSqs;
    }

    /** moto's EventBridge. */
    public EventBridgeClient cloudEvents() {
        return cloudEvents;
    }

    @SuppressWarnings("unchecked")
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, String endpoint) {
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
