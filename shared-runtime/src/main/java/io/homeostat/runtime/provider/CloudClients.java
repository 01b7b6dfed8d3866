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
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for the managed cloud, one per service and region, built from {@code homeostat.cloud.*}. Kept apart
 * from the control plane's clients: the managed cloud can be other accounts and regions, and locally it is moto.
 */
public final class CloudClients implements AutoCloseable {

    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();

    public CloudClients(Optional<String> endpoint, Optional<String> accessKeyId, Optional<String> secretAccessKey) {
        this.endpoint = endpoint.filter(e -> !e.isBlank()).map(URI::create);
        this.credentials = accessKeyId.isPresent() && secretAccessKey.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.get()))
                : DefaultCredentialsProvider.builder().build();
    }

    public SqsClient sqs(String region) {
        return (SqsClient) clients.computeIfAbsent("sqs:" + region, k -> configure(SqsClient.builder(), region).build());
    }

    /** Applies endpoint, region, credentials and the shared HTTP client to any SDK client builder. */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder, String region) {
        endpoint.ifPresent(builder::endpointOverride);
        builder.region(Region.of(region)).credentialsProvider(credentials);
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
