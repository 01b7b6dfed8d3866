package io.homeostat.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.IncidentClosed;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.testing.LocalAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * PutEvents to a bus in moto, a rule on detail-type delivering to an SQS queue in moto: what arrives must read back
 * with the strict codec into the payload we sent, and deduplicate on the payload-derived id even though EventBridge
 * gave the envelope an id of its own.
 */
class EventBridgePublisherTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final String ACCOUNT = "123456789012";

    private static EventBridgeClient events;
    private static SqsClient sqs;
    private static String bus;
    private static String driftQueueUrl;
    private static String closedQueueUrl;

    @BeforeAll
    static void busWithRules() {
        LocalAws aws = LocalAws.get();
        events = aws.cloudEvents();
        sqs = aws.cloudSqs();
        String prefix = LocalAws.prefix("eb");
        bus = prefix + "bus";
        events.createEventBus(b -> b.name(bus));
        driftQueueUrl = ruleToQueue(prefix + "drift", EventType.DRIFT_DETECTED);
        closedQueueUrl = ruleToQueue(prefix + "closed", EventType.INCIDENT_CLOSED);
    }

    private static String ruleToQueue(String name, EventType type) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(b -> b.name(name).eventBusName(bus).eventPattern("{\"detail-type\":[\"" + type.detailType() + "\"]}"));
        events.putTargets(b -> b.rule(name).eventBusName(bus).targets(t -> t.id("q").arn(arn)));
        return url;
    }

    private static DriftDetected drift(String incidentId) {
        Instant t = Instant.parse("2026-11-23T01:00:00Z");
        ResourceRef queue = new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders", ACCOUNT, "us-east-1");
        return new DriftDetected(1, incidentId, incidentId, "ct-event-1", queue,
                new Trigger(Trigger.Kind.CLOUDTRAIL, "ct-event-1", "SetQueueAttributes", "arn:aws:iam::123456789012:user/mallory",
                        "203.0.113.7", "aws-cli/2.15", t),
                List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99")), t);
    }

    private static List<Message> receive(String url, int expected) {
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.size() < expected && System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : batch) {
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            got.addAll(batch);
        }
        return got;
    }

    private static int visible(String url) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void aPublishedEventArrivesThroughTheRuleAndReadsBackIntoTheSamePayload() {
        String incidentId = UUID.randomUUID().toString();
        DriftDetected sent = drift(incidentId);
        String ourId = EventIds.forIncident(incidentId, EventType.DRIFT_DETECTED);
        EventEnvelope envelope = CODEC.wrap(sent, ourId, "homeostat.detector", ACCOUNT, "us-east-1", Instant.parse("2026-11-23T01:00:01Z"));

        new EventBridgePublisher(events, bus, CODEC).publish(envelope);

        List<Message> got = receive(driftQueueUrl, 1);
        if (got.size() != 1) {
            fail("expected one event on the drift queue, got " + got.size());
        }
        EventEnvelope received = CODEC.readEnvelope(got.get(0).body());
        assertEquals(sent, CODEC.readPayload(received));
        assertEquals(EventType.DRIFT_DETECTED.detailType(), received.detailType());
        assertEquals("homeostat.detector", received.source());
        assertNotEquals(ourId, received.id(), "EventBridge assigns its own envelope id");
        assertEquals(ourId, SqsConsumer.dedupKey(received), "consumers still deduplicate on our payload-derived id");
        assertEquals(SqsConsumer.dedupKey(envelope), SqsConsumer.dedupKey(received));
        assertEquals(0, visible(closedQueueUrl), "the other rule did not match");
    }

    @Test
    void theRuleRoutesByDetailType() {
        String incidentId = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-11-23T02:00:00Z");
        IncidentClosed closed = new IncidentClosed(1, incidentId, incidentId, "evt-executed", drift(incidentId).resource(),
                IncidentClosed.Outcome.RESOLVED, List.of(), t, t.plusSeconds(1));
        var publisher = new EventBridgePublisher(events, bus, CODEC);

        publisher.publish(CODEC.wrap(closed, EventIds.forIncident(incidentId, EventType.INCIDENT_CLOSED), "homeostat.verifier",
                ACCOUNT, "us-east-1", t));

        List<Message> got = receive(closedQueueUrl, 1);
        assertEquals(1, got.size());
        EventEnvelope received = CODEC.readEnvelope(got.get(0).body());
        assertEquals(closed, CODEC.readPayload(received));
        assertEquals(EventIds.forIncident(incidentId, EventType.INCIDENT_CLOSED), SqsConsumer.dedupKey(received));
        assertEquals(0, visible(driftQueueUrl), "drift rule did not match incident.closed");
    }

    @Test
    void publishingToAMissingBusFails() {
        var publisher = new EventBridgePublisher(events, "no-such-bus-" + UUID.randomUUID(), CODEC);
        String incidentId = UUID.randomUUID().toString();
        EventEnvelope envelope = CODEC.wrap(drift(incidentId), EventIds.forIncident(incidentId, EventType.DRIFT_DETECTED),
                "homeostat.detector", ACCOUNT, "us-east-1", Instant.now());
        var e = assertThrows(software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException.class,
                () -> publisher.publish(envelope));
        assertTrue(e.getMessage().contains("no-such-bus-"), e.getMessage());
    }

    @Test
    void aRejectedEntryFailsThePublishWithTheBusAndErrorCode() {
        var publisher = new EventBridgePublisher(events, bus, CODEC);
        String incidentId = UUID.randomUUID().toString();
        EventEnvelope good = CODEC.wrap(drift(incidentId), EventIds.forIncident(incidentId, EventType.DRIFT_DETECTED),
                "homeostat.detector", ACCOUNT, "us-east-1", Instant.now());
        EventEnvelope noSource = new EventEnvelope(good.version(), good.id(), good.detailType(), "", good.account(), good.time(),
                good.region(), good.resources(), good.detail());
        // PutEvents answers 200 with a failed entry; the publisher must not treat that as sent.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> publisher.publish(noSource));
        assertTrue(e.getMessage().startsWith("PutEvents to bus " + bus + " failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("InvalidArgument"), e.getMessage());
        assertEquals(0, visible(driftQueueUrl));
    }
}
