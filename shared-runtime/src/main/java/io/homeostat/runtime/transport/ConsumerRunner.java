package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.store.IdempotencyStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.tracing.MessageTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Starts the service's one consumer on start-up (after the control plane exists) and stops it on shutdown. */
@Singleton
public class ConsumerRunner {

    @Inject
    HomeostatConfig config;

    @Inject
    Instance<MessageHandler> handlers;

    @Inject
    SqsClient sqs;

    @Inject
    QueueDirectory queues;

    @Inject
    IdempotencyStore idempotency;

    @Inject
    StoreTransactions transactions;

    @Inject
    EventPublisher publisher;

    @Inject
    DeadLetters deadLetters;

    @Inject
    EventCodec codec;

    @Inject
    MeterRegistry registry;

    /** quarkus-opentelemetry's; a no-op unless the SDK is enabled (quarkus.otel.sdk.disabled=false). */
    @Inject
    Instance<OpenTelemetry> openTelemetry;

    private SqsConsumer consumer;

    void onStart(@Observes @Priority(100) StartupEvent event) {
        HomeostatConfig.Consumer c = config.consumer();
        if (!c.enabled() || !handlers.isResolvable()) {
            return;
        }
        var settings = new ConsumerSettings(config.service(), c.queue(), c.concurrency(), c.waitSeconds(), c.maxAttempts(),
                new Backoff(c.backoffBase(), c.backoffMax()), c.claimLease());
        consumer = new SqsConsumer(sqs, queues, settings, handlers.get(), idempotency, transactions, publisher, deadLetters,
                codec, registry, openTelemetry.isResolvable() ? new MessageTracing(openTelemetry.get()) : MessageTracing.NONE);
        consumer.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.stop();
        }
    }
}
