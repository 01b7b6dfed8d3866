package io.homeostat.runtime.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** {@code homeostat_messages_total{service,outcome}} and {@code homeostat_message_processing_seconds{service}}. */
final class ConsumerMetrics {

    private final MeterRegistry registry;
    private final String service;
    private final Timer timer;

    ConsumerMetrics(MeterRegistry registry, String service) {
        this.registry = registry == null ? new SimpleMeterRegistry() : registry;
        this.service = service;
        this.timer = Timer.builder("homeostat.message.processing").tag("service", service)
                .description("time to process one message, from receive to delete").register(this.registry);
    }

    void count(String outcome) {
        Counter.builder("homeostat.messages").tag("service", service).tag("outcome", outcome)
                .description("messages by outcome").register(registry).increment();
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void stop(Timer.Sample sample) {
        sample.stop(timer);
    }
}
