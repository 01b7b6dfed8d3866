package io.homeostat.runtime.provider;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * SDK clients for the managed cloud, one per service and region, built from {@code homeostat.cloud.*}. Kept apart
 * from the control plane's clients: the managed cloud can be other accounts and regions, and locally it is moto.
 */
public final class CloudClients implements AutoCloseable {

    private final Optional<URI> endpoint;
    private final boolean sdkRetries;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();

    public CloudClients(Optional<String> endpoint, Optional<String> accessKeyId, Optional<String> secretAccessKey) {
        this(endpoint, accessKeyId, secretAccessKey, true);
    }

    /**
     * @param sdkRetries whether the SDK retries failed calls by itself. The executor turns this off: it retries on its
     *     own terms (only retryable errors, full jitter) and records every try in the incident's ledger, which SDK
     *     retries would hide.
     */
    public CloudClients(Optional<String> endpoint, Optional<String> accessKeyId, Optional<String> secretAccessKey,
                        boolean sdkRetries) {
        this.sdkRetries = sdkRetries;
        this.endpoint = endpoint.filter(e -> !e.isBlank()).map(URI::create);
        this.credentials = accessKeyId.isPresent() && secretAccessKey.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.get()))
                : DefaultCredentialsProvider.builder().build();
    }

    public SqsClient sqs(String region) {
        return (SqsClient) clients.computeIfAbsent("sqs:" + region, k -> configure(SqsClient.builder(), region).build());
    }

    public S3Client s3(String region) {
        // Path-style addressing: emulators (and bucket names with dots) need it; real S3 accepts it.
        return (S3Client) clients.computeIfAbsent("s3:" + region, k -> configure(S3Client.builder(), region)
                .forcePathStyle(true).build());
    }

    public SnsClient sns(String region) {
        return (SnsClient) clients.computeIfAbsent("sns:" + region, k -> configure(SnsClient.builder(), region).build());
    }

    public Ec2Client ec2(String region) {
        return (Ec2Client) clients.computeIfAbsent("ec2:" + region, k -> configure(Ec2Client.builder(), region).build());
    }

    public SsmClient ssm(String region) {
        return (SsmClient) clients.computeIfAbsent("ssm:" + region, k -> configure(SsmClient.builder(), region).build());
    }

    public DynamoDbClient dynamodb(String region) {
        return (DynamoDbClient) clients.computeIfAbsent("dynamodb:" + region, k -> configure(DynamoDbClient.builder(), region).build());
    }

    /** Applies endpoint, region, credentials and the shared HTTP client to any SDK client builder. */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region) {
        endpoint.ifPresent(builder::endpointOverride);
        builder.region(Region.of(region)).credentialsProvider(credentials);
        if (!sdkRetries) {
            builder.overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()));
        }
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return builder;
    }

    @Override
    public void close() {
        clients.values().forEach(c -> {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on shutdown: nothing useful to do
            }
        });
        http.close();
    }
}
