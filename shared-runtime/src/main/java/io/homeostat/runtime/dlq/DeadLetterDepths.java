package io.homeostat.runtime.dlq;

import io.homeostat.runtime.transport.QueueDirectory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code homeostat_dlq_depth{queue}}: messages waiting in each consumer's DLQ (visible plus held by a listing), read
 * by {@link #refresh()} on a schedule rather than on every scrape, so a slow SQS never slows the metrics endpoint. A
 * DLQ that cannot be read reports -1 until it can.
 */
public final class DeadLetterDepths {

    private static final Logger LOG = Logger.getLogger(DeadLetterDepths.class);

    private final SqsClient sqs;
    private final QueueDirectory queues;
    private final Map<String, AtomicLong> depths = new LinkedHashMap<>();

    public DeadLetterDepths(SqsClient sqs, QueueDirectory queues, MeterRegistry registry) {
        this.sqs = sqs;
        this.queues = queues;
        for (String queue : DeadLetterInspector.CONSUMER_QUEUES) {
            AtomicLong depth = new AtomicLong(-1);
            depths.put(queue, depth);
            Gauge.builder("homeostat.dlq.depth", depth, AtomicLong::doubleValue).tag("queue", queue)
                    .description("messages in the queue's DLQ (-1: unreadable)").register(registry);
        }
    }

    public void refresh() {
        read();
    }

    /**
     * Reads every DLQ's depth now, updating the gauges: from queue attributes only, so unlike a listing it never
     * receives (and so briefly hides) a dead letter — what a page that polls should call.
     */
    public List<DeadLetterInspector.QueueDepth> read() {
        List<DeadLetterInspector.QueueDepth> read = new ArrayList<>();
        depths.forEach((queue, depth) -> {
            try {
                Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queues.dlqUrl(queue)).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                depth.set(a.values().stream().mapToLong(Long::parseLong).sum());
            } catch (RuntimeException e) {
                depth.set(-1);
                LOG.debugf("could not read the depth of %s's DLQ: %s", queue, e.getMessage());
            }
            read.add(new DeadLetterInspector.QueueDepth(queue, queues.physicalName(queue + QueueDirectory.DLQ_SUFFIX), depth.get()));
        });
        return read;
    }

    /** The last value read for {@code queue} (-1 if unreadable or never read). */
    public long depth(String queue) {
        AtomicLong d = depths.get(queue);
        return d == null ? -1 : d.get();
    }
}
