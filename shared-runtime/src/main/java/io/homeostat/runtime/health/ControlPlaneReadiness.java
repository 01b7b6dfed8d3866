package io.homeostat.runtime.health;

import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.store.Tables;
import io.homeostat.runtime.transport.QueueDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Ready when this service's queue and the incidents table answer; reports the queue depth while at it. */
@Readiness
@Singleton
public class ControlPlaneReadiness implements HealthCheck {

    @Inject
    HomeostatConfig config;

    @Inject
    SqsClient sqs;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    QueueDirectory queues;

    @Inject
    Tables tables;

    @Override
    public HealthCheckResponse call() {
        return check(sqs, dynamo, queues, config.consumer().queue(), tables.incidents());
    }

    /**
     * Asks both, every time: nothing is cached, so a control plane that comes back makes the service ready again by
     * itself (the consumer keeps retrying its queue meanwhile).
     */
    static HealthCheckResponse check(SqsClient sqs, DynamoDbClient dynamo, QueueDirectory queues, String queue, String table) {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("control-plane").up();
        try {
            String depth = sqs.getQueueAttributes(b -> b.queueUrl(queues.url(queue))
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            r.withData("queue", queues.physicalName(queue)).withData("queueDepth", depth);
        } catch (RuntimeException e) {
            r.down().withData("queue", queues.physicalName(queue)).withData("queueError", String.valueOf(e.getMessage()));
        }
        try {
            dynamo.describeTable(b -> b.tableName(table));
            r.withData("table", table);
        } catch (RuntimeException e) {
            r.down().withData("table", table).withData("tableError", String.valueOf(e.getMessage()));
        }
        return r.build();
    }
}
