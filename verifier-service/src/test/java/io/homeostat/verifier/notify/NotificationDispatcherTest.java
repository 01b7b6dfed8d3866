package io.homeostat.verifier.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.NotificationOutbox;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.verifier.testing.Emulators;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The notifier end to end below the process level: transitions written by the store, a real SNS topic on moto read
 * back through an SQS subscription, and a real HTTP server as the webhook.
 */
class NotificationDispatcherTest {

    private static final Instant T0 = Instant.parse("2026-11-23T04:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> webhookBodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger webhookStatus = new AtomicInteger(200);
    private HttpServer webhook;
    private IncidentStore incidents;
    private StoreTransactions tx;
    private NotificationOutbox outbox;
    private SimpleMeterRegistry metrics;
    private SqsClient sqs;
    private String subscriptionQueue;
    private String topicArn;
    private Instant now = T0;

    @BeforeEach
    void setUp() throws IOException {
        Emulators e = Emulators.get();
        var tables = e.freshTables("notify");
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        incidents = new IncidentStore(e.dynamo, tables.incidents(), new EventCodec().mapper(), clock);
        tx = new StoreTransactions(e.dynamo);
        outbox = new NotificationOutbox(incidents);
        metrics = new SimpleMeterRegistry();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", x -> {
            webhookBodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(webhookStatus.get(), -1);
            x.close();
        });
        webhook.start();
        SnsClient sns = e.cloud.sns("us-east-1");
        sqs = e.cloud.sqs("us-east-1");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        topicArn = sns.createTopic(b -> b.name("homeostat-notifications-" + suffix)).topicArn();
        subscriptionQueue = sqs.createQueue(b -> b.queueName("notifications-" + suffix)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(subscriptionQueue).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(Map.of("RawMessageDelivery", "false")));
    }

    @AfterEach
    void tearDown() {
        webhook.stop(0);
    }

    private NotificationDispatcher dispatcher(int maxAttempts) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        List<NotificationChannel> channels = List.of(new SnsChannel(Emulators.get().cloud.sns("us-east-1"), topicArn),
                new WebhookChannel(URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"), JSON));
        return new NotificationDispatcher(outbox, channels, clock, new NotificationDispatcher.Settings(Duration.ofSeconds(5), 100,
                Duration.ofSeconds(30), maxAttempts, Duration.ofSeconds(2), Duration.ofSeconds(60)), metrics, "test");
    }

    private Incident open(String name) {
        String id = UUID.randomUUID().toString();
        ResourceRef ref = new ResourceRef("aws.sqs.queue", "q-" + name, "e2e", name, "123456789012", "us-east-1");
        Incident incident = Incident.open(id, ref, Trigger.scan(), List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99")), now,
                new TimelineEntry(now, IncidentState.DETECTED, "detector", "ev-1", "2 field(s) differ"));
        tx.commit(List.of(incidents.create(incident)));
        return incidents.find(id).orElseThrow();
    }

    private Incident move(Incident incident, IncidentState next, String note) {
        tx.commit(List.of(incidents.transition(incident, next, new TimelineEntry(now, next, "svc", null, note), Map.of())));
        return incidents.find(incident.incidentId()).orElseThrow();
    }

    /** Everything the SNS subscription received, as SNS envelopes. */
    private List<JsonNode> snsMessages() {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(subscriptionQueue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : batch) {
                try {
                    out.add(JSON.readTree(m.body()));
                } catch (IOException e) {
                    throw new AssertionError(m.body(), e);
                }
                sqs.deleteMessage(b -> b.queueUrl(subscriptionQueue).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }

    @Test
    void aStormMakesOneMessagePerTransitionOnceTheWindowHasPassed() {
        for (int i = 0; i < 30; i++) {
            open("storm-" + i);
        }
        now = T0.plusSeconds(4);
        assertEquals(0, dispatcher(5).runOnce(), "the oldest has waited 4 s of a 5 s window: still gathering");
        now = T0.plusSeconds(5);
        assertEquals(1, dispatcher(5).runOnce());

        List<JsonNode> sns = snsMessages();
        assertEquals(1, sns.size(), "one SNS message for 30 incidents opened together");
        assertEquals("Homeostat: 30 incidents DETECTED", sns.get(0).path("Subject").asText());
        assertTrue(sns.get(0).path("Message").asText().startsWith("30 incidents opened"), sns.get(0).path("Message").asText());
        assertEquals("DETECTED", sns.get(0).path("MessageAttributes").path("transition").path("Value").asText());
        assertEquals(1, webhookBodies.size());
        assertEquals(List.of(), outbox.queued(100), "sent, so cleared");
        assertEquals(0, dispatcher(5).runOnce(), "nothing is sent twice");
    }

    @Test
    void oneIncidentGetsOneDetailedMessagePerTransition() {
        Incident incident = open("orders");
        now = T0.plusSeconds(1);
        incident = move(move(move(move(move(incident, IncidentState.ANALYZED, "a"), IncidentState.PLANNED, "p"), IncidentState.EXECUTING, "e"),
                IncidentState.EXECUTED, "x"), IncidentState.RESOLVED, "verified: matches desired");
        now = T0.plusSeconds(6);
        assertEquals(2, dispatcher(5).runOnce(), "opened and resolved: two transitions people hear of, not six");

        List<JsonNode> sns = snsMessages();
        assertEquals(List.of("DETECTED", "RESOLVED"),
                sns.stream().map(m -> m.path("MessageAttributes").path("transition").path("Value").asText()).sorted().toList());
        String resolved = sns.stream().filter(m -> m.path("Subject").asText().contains("RESOLVED")).findFirst().orElseThrow()
                .path("Message").asText();
        assertTrue(resolved.contains("correlation id: " + incident.correlationId()), resolved);
        assertTrue(resolved.contains("'attributes.VisibilityTimeout': desired '30', actual '99'"), resolved);
        assertTrue(resolved.contains("RESOLVED svc 'verified: matches desired'"), "the timeline is in the message: " + resolved);
    }

    @Test
    void aFailingWebhookIsRetriedWithBackoffAndFinallyGivenUp() {
        open("flaky");
        webhookStatus.set(500);
        now = T0.plusSeconds(5);
        assertEquals(0, dispatcher(2).runOnce());
        assertEquals(1.0, metrics.counter("homeostat.notifications.failed", "channel", "webhook").count());
        assertEquals(1, outbox.queued(10).size(), "kept for a retry");
        now = T0.plusSeconds(6);
        assertEquals(0, dispatcher(2).runOnce(), "backing off: not claimed before its retry time");
        assertEquals(1, webhookBodies.size());

        now = T0.plusSeconds(7);
        assertEquals(0, dispatcher(2).runOnce(), "second attempt fails too, and it was the last");
        assertEquals(1.0, metrics.counter("homeostat.notifications.dropped").count());
        assertEquals(List.of(), outbox.queued(10), "given up: the queue is not blocked by a dead webhook");
    }

    @Test
    void untrustedTextCannotMentionPeopleOrBreakLines() throws IOException {
        open("evil<!channel>\nINCIDENT RESOLVED");
        now = T0.plusSeconds(5);
        dispatcher(5).runOnce();
        JsonNode body = JSON.readTree(webhookBodies.get(0));
        String text = body.path("text").asText();
        assertFalse(text.contains("<!channel>"), text);
        assertTrue(text.contains("'evil&lt;!channel&gt; INCIDENT RESOLVED'"), "quoted on one line, escaped for Slack: " + text);
        assertEquals("header", body.path("blocks").get(0).path("type").asText());
        assertEquals("mrkdwn", body.path("blocks").get(1).path("text").path("type").asText());
    }
}
