package io.homeostat.detector.dlq;

import io.homeostat.runtime.dlq.DeadLetterDepths;
import io.homeostat.runtime.dlq.DeadLetterInspector;
import io.homeostat.runtime.transport.QueueDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Keeps {@code homeostat_dlq_depth{queue}} current on the detector, the operator's host: one reader for every DLQ is
 * enough, and every replica reports the same numbers.
 */
@Singleton
public class DeadLetterDepthRefresher {

    @Inject
    SqsClient sqs;

    @Inject
    QueueDirectory queues;

    @Inject
    MeterRegistry registry;

    private DeadLetterDepths depths;

    @PostConstruct
    void register() {
        depths = new DeadLetterDepths(sqs, queues, registry);
    }

    @Scheduled(every = "${homeostat.dlq.depth-interval:15s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        depths.refresh();
    }

    /** Every DLQ's depth read now (the gauges too), without receiving a message: for {@code GET /api/dlq/depths}. */
    public List<DeadLetterInspector.QueueDepth> readNow() {
        return depths.read();
    }
}
