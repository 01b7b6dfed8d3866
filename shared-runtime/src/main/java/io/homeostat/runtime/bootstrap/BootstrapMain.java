package io.homeostat.runtime.bootstrap;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code java -cp <shared-runtime classpath> io.homeostat.runtime.bootstrap.BootstrapMain}: creates the control plane
 * ({@link Bootstrap}) and prints one line per resource. Every setting is a system property ({@code -Dkey=value}) or
 * the environment variable of the same name in upper case with {@code .} and {@code -} as {@code _}
 * ({@code homeostat.control.region} = {@code HOMEOSTAT_CONTROL_REGION}); the property wins.
 *
 * <table>
 *   <tr><td>{@code homeostat.control.region}</td><td>region of queues, tables and bus; default {@code AWS_REGION}, else us-east-1</td></tr>
 *   <tr><td>{@code homeostat.control.queue-prefix}, {@code table-prefix}</td><td>default {@code homeostat-}</td></tr>
 *   <tr><td>{@code homeostat.control.publish-mode}</td><td>{@code direct} (default: queues and tables) or {@code eventbridge} (also bus, rules, queue policies)</td></tr>
 *   <tr><td>{@code homeostat.control.event-bus}</td><td>default {@code homeostat}</td></tr>
 *   <tr><td>{@code homeostat.consumer.max-attempts}</td><td>default 5 (redrive after 7 receives)</td></tr>
 *   <tr><td>{@code homeostat.control.sqs-endpoint}, {@code dynamodb-endpoint}, {@code eventbridge-endpoint}</td><td>endpoint overrides (emulators); unset = AWS</td></tr>
 *   <tr><td>{@code homeostat.control.access-key-id}, {@code secret-access-key}</td><td>static credentials; unset = the default AWS credentials chain</td></tr>
 * </table>
 *
 * Exits 0 when done (the last line is a summary), 1 with the error otherwise.
 */
public final class BootstrapMain {

    private BootstrapMain() {}

    public static void main(String[] args) {
        try {
            BootstrapReport report = run(BootstrapMain::setting);
            System.out.println("bootstrap done: " + report.summary());
        } catch (RuntimeException e) {
            System.err.println("bootstrap failed: " + e);
            System.exit(1);
        }
    }

    /** Runs with settings from {@code settings} (key → value, empty when unset); prints progress to stdout. */
    public static BootstrapReport run(java.util.function.Function<String, Optional<String>> settings) {
        return run(settings, System.out::println, item -> System.out.println(item.line()));
    }

    /**
     * Runs with settings from {@code settings}; {@code announce} gets one line saying what will be bootstrapped where,
     * {@code progress} each resource as it is handled (the CLI's {@code homeostat bootstrap} shows them its own way).
     */
    public static BootstrapReport run(java.util.function.Function<String, Optional<String>> settings, Consumer<String> announce,
                                      Consumer<BootstrapReport.Item> progress) {
        String region = settings.apply("homeostat.control.region")
                .or(() -> Optional.ofNullable(System.getenv("AWS_REGION"))).orElse("us-east-1");
        String queuePrefix = settings.apply("homeostat.control.queue-prefix").orElse("homeostat-");
        String tablePrefix = settings.apply("homeostat.control.table-prefix").orElse("homeostat-");
        String mode = settings.apply("homeostat.control.publish-mode").orElse("direct").toLowerCase(Locale.ROOT);
        if (!mode.equals("direct") && !mode.equals("eventbridge")) {
            throw new IllegalArgumentException("homeostat.control.publish-mode must be direct or eventbridge, not '" + mode + "'");
        }
        String bus = settings.apply("homeostat.control.event-bus").orElse("homeostat");
        int maxAttempts = Integer.parseInt(settings.apply("homeostat.consumer.max-attempts").orElse("5"));
        AwsCredentialsProvider credentials = settings.apply("homeostat.control.access-key-id")
                .<AwsCredentialsProvider>flatMap(id -> settings.apply("homeostat.control.secret-access-key")
                        .map(secret -> StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret))))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());

        announce.accept("bootstrap: region " + region + ", queues " + queuePrefix + "*, tables " + tablePrefix + "*, mode " + mode
                + (mode.equals("eventbridge") ? ", bus " + bus : ""));
        try (SqsClient sqs = client(SqsClient.builder(), settings.apply("homeostat.control.sqs-endpoint"), region, credentials);
                DynamoDbClient dynamo = client(DynamoDbClient.builder(), settings.apply("homeostat.control.dynamodb-endpoint"), region, credentials);
                EventBridgeClient events = mode.equals("eventbridge")
                        ? client(EventBridgeClient.builder(), settings.apply("homeostat.control.eventbridge-endpoint"), region, credentials)
                        : null) {
            return new Bootstrap(sqs, dynamo, events, queuePrefix, tablePrefix, bus, maxAttempts)
                    .onProgress(progress)
                    .run();
        }
    }

    /** A system property, else the environment variable named after it. */
    public static Optional<String> setting(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            v = System.getenv(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return Optional.ofNullable(v).filter(s -> !s.isBlank());
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, Optional<String> endpoint,
            String region, AwsCredentialsProvider credentials) {
        endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder.region(Region.of(region)).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
