package io.homeostat.runtime.config;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.runtime.dlq.DeadLetterInspector;
import io.homeostat.runtime.dlq.DeadLetterReplayer;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.store.AnalysisCache;
import io.homeostat.runtime.store.CooldownGuard;
import io.homeostat.runtime.store.EscalatedIncidents;
import io.homeostat.runtime.store.DesiredRevisionPin;
import io.homeostat.runtime.store.DriftFlags;
import io.homeostat.runtime.store.FailureLog;
import io.homeostat.runtime.store.IdempotencyStore;
import io.homeostat.runtime.store.IncidentLedger;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.Tables;
import io.homeostat.runtime.transport.DeadLetters;
import io.homeostat.runtime.transport.DirectSqsPublisher;
import io.homeostat.runtime.transport.EventBridgePublisher;
import io.homeostat.runtime.transport.EventPublisher;
import io.homeostat.runtime.transport.QueueDirectory;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the shared pieces from configuration. They are plain classes (constructor arguments, no CDI inside) so tests
 * can build them against the emulators directly; this is the only place that knows how they fit together.
 */
@Singleton
public class RuntimeBeans {

    @Produces
    @Singleton
    EventCodec codec() {
        return new EventCodec();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Tables tables(HomeostatConfig config) {
        return Tables.withPrefix(config.control().tablePrefix());
    }

    @Produces
    @Singleton
    IncidentStore incidents(DynamoDbClient dynamo, Tables tables, EventCodec codec, Clock clock) {
        return new IncidentStore(dynamo, tables.incidents(), codec.mapper(), clock);
    }

    @Produces
    @Singleton
    IncidentLedger ledger(DynamoDbClient dynamo, Tables tables, EventCodec codec) {
        return new IncidentLedger(dynamo, tables.incidents(), codec.mapper());
    }

    @Produces
    @Singleton
    IdempotencyStore idempotency(DynamoDbClient dynamo, Tables tables, Clock clock) {
        return new IdempotencyStore(dynamo, tables.idempotency(), clock);
    }

    @Produces
    @Singleton
    CooldownGuard guard(DynamoDbClient dynamo, Tables tables, Clock clock) {
        return new CooldownGuard(dynamo, tables.guards(), clock);
    }

    @Produces
    @Singleton
    EscalatedIncidents escalated(IncidentStore incidents, CooldownGuard guard, StoreTransactions transactions, Clock clock) {
        return new EscalatedIncidents(incidents, guard, transactions, clock);
    }

    @Produces
    @Singleton
    FailureLog failures(DynamoDbClient dynamo, Tables tables, Clock clock) {
        return new FailureLog(dynamo, tables.failures(), clock);
    }

    @Produces
    @Singleton
    DriftFlags flags(DynamoDbClient dynamo, Tables tables, Clock clock) {
        return new DriftFlags(dynamo, tables.flags(), clock);
    }

    @Produces
    @Singleton
    DesiredRevisionPin desiredRevisionPin(DynamoDbClient dynamo, Tables tables) {
        return new DesiredRevisionPin(dynamo, tables.guards());
    }

    @Produces
    @Singleton
    AnalysisCache analyses(DynamoDbClient dynamo, Tables tables, Clock clock) {
        return new AnalysisCache(dynamo, tables.analyses(), clock);
    }

    @Produces
    @Singleton
    StoreTransactions transactions(DynamoDbClient dynamo) {
        return new StoreTransactions(dynamo);
    }

    @Produces
    @Singleton
    QueueDirectory queues(SqsClient sqs, HomeostatConfig config) {
        return new QueueDirectory(sqs, config.control().queuePrefix());
    }

    @Produces
    @Singleton
    DeadLetters deadLetters(SqsClient sqs, QueueDirectory queues, FailureLog failures) {
        return new DeadLetters(sqs, queues, failures);
    }

    @Produces
    @Singleton
    DeadLetterInspector deadLetterInspector(SqsClient sqs, QueueDirectory queues, FailureLog failures, EventCodec codec, Clock clock) {
        return new DeadLetterInspector(sqs, queues, failures, codec.mapper(), clock);
    }

    @Produces
    @Singleton
    DeadLetterReplayer deadLetterReplayer(SqsClient sqs, QueueDirectory queues, FailureLog failures, EventCodec codec, Clock clock) {
        return new DeadLetterReplayer(sqs, queues, failures, codec.mapper(), clock);
    }

    @Produces
    @Singleton
    EventPublisher publisher(HomeostatConfig config, SqsClient sqs, QueueDirectory queues, EventCodec codec) {
        HomeostatConfig.Control c = config.control();
        if (c.publishMode() == HomeostatConfig.PublishMode.EVENTBRIDGE) {
            var builder = EventBridgeClient.builder()
                    .region(Region.of(c.region()))
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(c.accessKeyId().isPresent() && c.secretAccessKey().isPresent()
                            ? StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId().get(), c.secretAccessKey().get()))
                            : DefaultCredentialsProvider.builder().build());
            c.eventbridgeEndpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)));
            return new EventBridgePublisher(builder.build(), c.eventBus(), codec);
        }
        return new DirectSqsPublisher(sqs, queues, codec);
    }

    @Produces
    @Singleton
    CloudClients cloudClients(HomeostatConfig config) {
        HomeostatConfig.Cloud c = config.cloud();
        return new CloudClients(c.endpoint(), c.accessKeyId(), c.secretAccessKey(), c.sdkRetries());
    }

    void closeCloudClients(@Disposes CloudClients clients) {
        clients.close();
    }

    /** Every {@code ResourceProvider} bean: adding a type is adding a provider class. */
    @Produces
    @Singleton
    ProviderRegistry providers(jakarta.enterprise.inject.Instance<ResourceProvider> providers) {
        return new ProviderRegistry(providers.stream().toList());
    }
}
