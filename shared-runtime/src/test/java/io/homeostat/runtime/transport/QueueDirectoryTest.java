package io.homeostat.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.EventType;
import io.homeostat.runtime.testing.LocalAws;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Queues, DLQs and redrive policies on ElasticMQ, and the routing table DirectSqsPublisher sends by. */
class QueueDirectoryTest {

    private static final EventCodec CODEC = new EventCodec();
    private static SqsClient sqs;

    @BeforeAll
    static void stack() {
        sqs = LocalAws.get().controlSqs();
    }

    @Test
    void ensureAllCreatesEveryQueueWithADlqAndARedrivePolicyAndIsRepeatable() throws Exception {
        String prefix = LocalAws.prefix("qd");
        QueueDirectory queues = new QueueDirectory(sqs, prefix);
        queues.ensureAll(5);
        queues.ensureAll(5); // every service runs it at start-up, possibly at once

        for (String logical : Routes.QUEUES) {
            String url = sqs.getQueueUrl(b -> b.queueName(prefix + logical)).queueUrl();
            String dlqUrl = sqs.getQueueUrl(b -> b.queueName(prefix + logical + "-dlq")).queueUrl();
            assertEquals(url, queues.url(logical));
            assertEquals(dlqUrl, queues.dlqUrl(logical));
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String redrive = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                    .attributes().get(QueueAttributeName.REDRIVE_POLICY);
            JsonNode policy = CODEC.mapper().readTree(redrive);
            assertEquals(dlqArn, policy.get("deadLetterTargetArn").asText(), logical);
            assertEquals(7, policy.get("maxReceiveCount").asInt(), "maxAttempts + 2: the consumer dead-letters first");
        }
    }

    @Test
    void urlOfAQueueThatDoesNotExistFails() {
        QueueDirectory queues = new QueueDirectory(sqs, LocalAws.prefix("nothing"));
        assertThrows(software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException.class, () -> queues.url(Routes.PLANNER));
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of(EventType.CLOUDTRAIL_DETAIL_TYPE, Routes.DETECTOR),
                Arguments.of(EventType.DRIFT_DETECTED.detailType(), Routes.ANALYZER),
                Arguments.of(EventType.INCIDENT_ANALYZED.detailType(), Routes.PLANNER),
                Arguments.of(EventType.PLAN_READY.detailType(), Routes.EXECUTOR),
                Arguments.of(EventType.RECOVERY_EXECUTED.detailType(), Routes.VERIFIER),
                Arguments.of(EventType.INCIDENT_CLOSED.detailType(), Routes.EVENTS));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("routes")
    void everyDetailTypeHasExactlyOneQueue(String detailType, String queue) {
        assertEquals(queue, Routes.queueFor(detailType).orElseThrow());
        assertTrue(Routes.QUEUES.contains(queue));
    }

    @Test
    void everyEventTypeIsRouted() {
        for (EventType t : EventType.values()) {
            assertTrue(Routes.queueFor(t.detailType()).isPresent(), t.detailType());
        }
        assertEquals(EventType.values().length + 1, Routes.all().size());
    }

    @Test
    void directPublisherSendsToTheRoutedQueueAndRefusesUnroutedTypes() {
        QueueDirectory queues = new QueueDirectory(sqs, LocalAws.prefix("pub"));
        queues.ensureAll(3);
        DirectSqsPublisher publisher = new DirectSqsPublisher(sqs, queues, CODEC);
        var detail = CODEC.mapper().createObjectNode().put("incidentId", "inc-1").put("correlationId", "corr-1");
        EventEnvelope plan = new EventEnvelope("0", "id-1", EventType.PLAN_READY.detailType(), "homeostat.planner", "123456789012",
                Instant.parse("2026-01-01T00:00:00Z"), "us-east-1", List.of(), detail);

        publisher.publish(plan);

        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queues.url(Routes.EXECUTOR)).waitTimeSeconds(1)
                .messageAttributeNames("All")).messages();
        assertEquals(1, got.size());
        assertEquals(plan, CODEC.readEnvelope(got.get(0).body()));
        assertEquals(Map.of("detail-type", "plan.ready", "correlationId", "corr-1"),
                Map.of("detail-type", got.get(0).messageAttributes().get("detail-type").stringValue(),
                        "correlationId", got.get(0).messageAttributes().get("correlationId").stringValue()));

        EventEnvelope unrouted = new EventEnvelope("0", "id-2", "drift.exploded", "x", null, null, null, List.of(), detail);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> publisher.publish(unrouted));
        assertTrue(e.getMessage().contains("no route for detail-type 'drift.exploded'"), e.getMessage());
    }
}
