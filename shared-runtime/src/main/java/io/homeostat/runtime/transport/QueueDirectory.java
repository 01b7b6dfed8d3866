package io.homeostat.runtime.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Resolves logical queue names to URLs, and (local stack, tests, bootstrap) creates each queue with its DLQ and a
 * redrive policy. Our consumers dead-letter failing messages themselves, with the reason attached, after
 * {@code maxAttempts}; the redrive policy ({@code maxAttempts + 2}) is the safety net for a message that crashes
 * its consumer before it can decide.
 */
public final class QueueDirectory {

    private static final Logger LOG = Logger.getLogger(QueueDirectory.class);
    public static final String DLQ_SUFFIX = "-dlq";

    private final SqsClient sqs;
    private final String prefix;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    public QueueDirectory(SqsClient sqs, String prefix) {
        this.sqs = sqs;
        this.prefix = prefix;
    }

    public String physicalName(String logical) {
        return prefix + logical;
    }

    public String url(String logical) {
        return urls.computeIfAbsent(logical, l -> sqs.getQueueUrl(b -> b.queueName(physicalName(l))).queueUrl());
    }

    public String dlqUrl(String logical) {
        return url(logical + DLQ_SUFFIX);
    }

    /** Creates every consumer queue and its DLQ when missing. Safe to run from every service at once. */
    public void ensureAll(int maxAttempts) {
        for (String logical : Routes.QUEUES) {
            String dlqUrl = sqs.createQueue(b -> b.queueName(physicalName(logical + DLQ_SUFFIX))
                    .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + (maxAttempts + 2) + "\"}";
            String url = sqs.createQueue(b -> b.queueName(physicalName(logical))).queueUrl();
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive)));
            urls.put(logical, url);
            urls.put(logical + DLQ_SUFFIX, dlqUrl);
        }
        LOG.debugf("queues ready: %s", urls.keySet());
    }
}
