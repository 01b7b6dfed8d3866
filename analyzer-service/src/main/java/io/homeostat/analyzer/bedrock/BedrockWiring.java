package io.homeostat.analyzer.bedrock;

import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.store.AnalysisCache;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** Builds the second opinion from {@code homeostat.analyzer.bedrock.*}; with {@code enabled=false} no client exists at all. */
@Singleton
public class BedrockWiring {

    private static final Logger LOG = Logger.getLogger(BedrockWiring.class);

    @Produces
    @Singleton
    SecondOpinion secondOpinion(HomeostatConfig config, AnalysisCache cache, MeterRegistry metrics) {
        HomeostatConfig.Bedrock c = config.analyzer().bedrock();
        if (!c.enabled()) {
            return SecondOpinion.disabled();
        }
        LOG.infof("Bedrock second opinion on: model %s, region %s%s", c.modelId(), c.region(),
                c.endpoint().map(e -> ", endpoint " + e).orElse(""));
        return new SecondOpinion(client(c), cache, BedrockSettings.from(c), metrics);
    }

    /** Retries belong to the guard (counted, bounded, circuit-aware), so the SDK makes exactly one attempt per try. */
    public static BedrockRuntimeClient client(HomeostatConfig.Bedrock c) {
        return client(c.region(), c.endpoint().orElse(null), c.accessKeyId().orElse(null), c.secretAccessKey().orElse(null),
                c.timeout());
    }

    public static BedrockRuntimeClient client(String region, String endpoint, String accessKeyId, String secretAccessKey,
                                              java.time.Duration timeout) {
        RetryStrategy once = DefaultRetryStrategy.doNotRetry();
        var builder = BedrockRuntimeClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(timeout).connectionTimeout(timeout))
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(timeout).retryStrategy(once))
                .credentialsProvider(accessKeyId != null && secretAccessKey != null
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey))
                        : DefaultCredentialsProvider.builder().build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
