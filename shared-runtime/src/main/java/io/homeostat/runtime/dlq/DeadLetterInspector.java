package io.homeostat.runtime.dlq;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.runtime.store.FailureLog;
import io.homeostat.runtime.transport.QueueDirectory;
import io.homeostat.runtime.transport.Routes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Lists dead letters of every consumer's DLQ (or one) without consuming them (see {@link DlqCursor}). */
public final class DeadLetterInspector {

    /** The queues that have a consumer, hence a DLQ an operator may need to look into. */
    public static final List<String> CONSUMER_QUEUES = Routes.QUEUES.stream().filter(q -> !q.equals(Routes.EVENTS)).toList();

    /** The depth of one DLQ. */
    public record QueueDepth(String queue, String dlq, long depth) {}

    /**
     * @param queues    every DLQ the filter covers, with its depth
     * @param messages  the matching dead letters, at most the limit
     * @param truncated true when the limit cut the listing short
     */
    public record Listing(List<QueueDepth> queues, List<DeadLetter> messages, boolean truncated) {}

    private final SqsClient sqs;
    private final QueueDirectory queues;
    private final DeadLetterReader reader;
    private final Clock clock;

    public DeadLetterInspector(SqsClient sqs, QueueDirectory queues, FailureLog failures, ObjectMapper json, Clock clock) {
        this.sqs = sqs;
        this.queues = queues;
        this.reader = new DeadLetterReader(json, failures);
        this.clock = clock;
    }

    public Listing list(DeadLetterFilter filter, int limit) {
        List<QueueDepth> depths = new ArrayList<>();
        List<DeadLetter> found = new ArrayList<>();
        boolean[] truncated = {false};
        for (String queue : selectedQueues(queues, filter)) {
            String dlqName = queues.physicalName(queue + QueueDirectory.DLQ_SUFFIX);
            DlqCursor cursor = new DlqCursor(sqs, queues.dlqUrl(queue));
            depths.add(new QueueDepth(queue, dlqName, cursor.visibleDepth()));
            cursor.walk(m -> {
                DeadLetter d = reader.read(m, queue, dlqName);
                if (filter.matches(d, clock.instant())) {
                    if (found.size() < limit) {
                        found.add(d);
                    } else {
                        truncated[0] = true;
                    }
                }
                return false; // only looking
            }, () -> !truncated[0]);
        }
        return new Listing(depths, found, truncated[0]);
    }

    /** The consumer queues whose DLQ the filter covers; an unknown queue name is a mistake worth saying, not an empty list. */
    static List<String> selectedQueues(QueueDirectory queues, DeadLetterFilter filter) {
        List<String> selected = CONSUMER_QUEUES.stream().filter(q -> filter.coversQueue(q, queues.physicalName(q),
                queues.physicalName(q + QueueDirectory.DLQ_SUFFIX))).toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("unknown queue '" + filter.queue().orElse("") + "'; one of " + CONSUMER_QUEUES);
        }
        return selected;
    }
}
