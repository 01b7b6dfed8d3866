package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.envelope.InvalidEventException;
import io.homeostat.model.events.EventType;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.store.ConflictException;
import io.homeostat.runtime.store.IdempotencyStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.tracing.MessageTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Consumes one queue: at-least-once in, exactly-once effect out.
 *
 * <ol>
 *   <li>parse the envelope strictly; unreadable input goes to the DLQ at once, with the reason;</li>
 *   <li>claim {@code (consumer, eventId)}; a completed duplicate re-publishes what it emitted and is deleted;</li>
 *   <li>let the handler decide, commit its writes with the claim's completion in one transaction (deciding again if
 *       a condition lost a race);</li>
 *   <li>publish, then delete. A failure anywhere leaves the message for redelivery after an exponential backoff, and
 *       the last attempt dead-letters it with the reason.</li>
 * </ol>
 *
 * Written against the SQS API directly rather than through the SmallRye SQS connector, because this loop needs
 * per-message control the connector does not give: a backoff set through the visibility timeout, the receive count
 * to decide the last attempt, and a DLQ copy carrying the reason.
 */
public final class SqsConsumer {

    private static final Logger LOG = Logger.getLogger(SqsConsumer.class);
    private static final int MAX_DECISIONS = 5;

    private final SqsClient sqs;
    private final QueueDirectory queues;
    private final ConsumerSettings settings;
    private final MessageHandler handler;
    private final IdempotencyStore idempotency;
    private final StoreTransactions transactions;
    private final EventPublisher publisher;
    private final DeadLetters deadLetters;
    private final EventCodec codec;
    private final ConsumerMetrics metrics;
    private final MessageTracing tracing;
    private final AtomicBoolean running = new AtomicBoolean();
    private ExecutorService workers;

    public SqsConsumer(SqsClient sqs, QueueDirectory queues, ConsumerSettings settings, MessageHandler handler,
                       IdempotencyStore idempotency, StoreTransactions transactions, EventPublisher publisher,
                       DeadLetters deadLetters, EventCodec codec, MeterRegistry registry) {
        this(sqs, queues, settings, handler, idempotency, transactions, publisher, deadLetters, codec, registry, MessageTracing.NONE);
    }

    /** @param tracing starts each message's span as a child of the trace context it carries */
    public SqsConsumer(SqsClient sqs, QueueDirectory queues, ConsumerSettings settings, MessageHandler handler,
                       IdempotencyStore idempotency, StoreTransactions transactions, EventPublisher publisher,
                       DeadLetters deadLetters, EventCodec codec, MeterRegistry registry, MessageTracing tracing) {
        this.tracing = tracing;
        this.sqs = sqs;
        this.queues = queues;
        this.settings = settings;
        this.handler = handler;
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.metrics = new ConsumerMetrics(registry, settings.service());
    }

    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "consumer-" + settings.queue());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < settings.concurrency(); i++) {
            workers.submit(this::pollLoop);
        }
        LOG.infof("consuming queue %s with %d worker(s)", queues.physicalName(settings.queue()), settings.concurrency());
    }

    public synchronized void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.waitSeconds() + 5L, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollLoop() {
        long failures = 0;
        while (running.get()) {
            try {
                pollOnce();
                failures = 0;
            } catch (RuntimeException e) {
                // Queue unreachable: keep the service up, back off, try again; readiness reports the outage.
                failures++;
                LOG.warnf("polling %s failed (%d in a row): %s", settings.queue(), failures, e.getMessage());
                sleep(Math.min(10_000, 500L * failures));
            }
        }
    }

    /** One ReceiveMessage call and the processing of what it returned. */
    public int pollOnce() {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queues.url(settings.queue()))
                .maxNumberOfMessages(10)
                .waitTimeSeconds(settings.waitSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .messageAttributeNames("All")).messages();
        for (Message m : messages) {
            process(m);
        }
        return messages.size();
    }

    void process(Message message) {
        // One span per delivery, child of the producer's: what this handling emits carries the same trace on.
        Span span = tracing.startConsumerSpan(message, queues.physicalName(settings.queue()));
        try (Scope ignored = span.makeCurrent()) {
            MessageTracing.putMdc(span);
            processInSpan(message);
        } finally {
            span.end();
        }
    }

    private void processInSpan(Message message) {
        int attempt = receiveCount(message);
        Timer.Sample sample = metrics.start();
        IdempotencyStore.Acquired claim = null;
        try {
            EventEnvelope envelope = handler.decode(message.body(), codec);
            putMdc(envelope);
            if (!handler.detailTypes().contains(envelope.detailType())) {
                throw new InvalidEventException("detail-type '" + envelope.detailType() + "' does not belong on queue "
                        + queues.physicalName(settings.queue()) + " (accepts " + handler.detailTypes() + ")");
            }
            String eventId = dedupKey(envelope);
            String hash = sha256(codec.write(envelope.detail()));
            IdempotencyStore.Claim c = idempotency.claim(settings.service(), eventId, hash, settings.claimLease());
            if (c instanceof IdempotencyStore.AlreadyDone done) {
                // Re-publish: the first attempt may have crashed between commit and publish. Consumers dedupe.
                for (String output : done.outputs()) {
                    publisher.publish(codec.readEnvelope(output));
                }
                delete(message);
                metrics.count("duplicate");
                return;
            }
            if (c instanceof IdempotencyStore.InFlight f) {
                // Come back when the other worker's lease ends (at most backoff-max), not on the failure backoff: if
                // that worker died, the message must still be here, not redriven to the DLQ, when its claim expires.
                int max = (int) Math.max(1, settings.backoff().max().toSeconds());
                setVisibility(message, Math.min(max, secondsUntil(f.leaseUntilMillis()) + 1));
                metrics.count("in_flight");
                return;
            }
            if (c instanceof IdempotencyStore.Mismatch m) {
                throw new InvalidEventException(m.reason());
            }
            claim = (IdempotencyStore.Acquired) c;
            HandlerOutcome outcome = decideAndCommit(envelope, claim, hash);
            if (outcome.deferred()) {
                releaseQuietly(claim);
                claim = null;
                requeue(message, outcome.deferFor());
                metrics.count("deferred");
                LOG.debugf("%s %s deferred by %s: %s", envelope.detailType(), eventId, outcome.deferFor(), outcome.note());
                return;
            }
            for (EventEnvelope emit : outcome.emits()) {
                publisher.publish(emit);
            }
            delete(message);
            metrics.count("processed");
            LOG.debugf("%s %s: %s", envelope.detailType(), eventId, outcome.note());
        } catch (RuntimeException e) {
            if (claim != null) {
                releaseQuietly(claim);
            }
            fail(message, attempt, e);
        } finally {
            metrics.stop(sample);
            MDC.clear();
        }
    }

    private HandlerOutcome decideAndCommit(EventEnvelope envelope, IdempotencyStore.Acquired claim, String hash) {
        ConflictException last = null;
        for (int i = 0; i < MAX_DECISIONS; i++) {
            HandlerOutcome outcome = handler.handle(envelope);
            if (outcome.deferred()) {
                return outcome;
            }
            List<String> outputs = outcome.emits().stream().map(codec::write).toList();
            var writes = new ArrayList<>(outcome.writes());
            writes.add(idempotency.completion(claim, hash, outputs));
            try {
                transactions.commit(writes);
                outcome.afterCommit().run();
                return outcome;
            } catch (ConflictException e) {
                last = e; // someone moved first: read again and decide again
                metrics.count("conflict");
            }
        }
        throw new IllegalStateException("gave up after " + MAX_DECISIONS + " conflicting decisions", last);
    }

    private void fail(Message message, int attempt, RuntimeException e) {
        String reason = reason(e);
        MessageTracing.markFailed(reason);
        if (isPermanent(e)) {
            LOG.errorf("dead-lettering message %s from %s: %s", message.messageId(), settings.queue(), reason);
            deadLetter(message, attempt, reason);
        } else if (attempt >= settings.maxAttempts()) {
            LOG.errorf(e, "dead-lettering message %s from %s after %d attempts: %s", message.messageId(), settings.queue(), attempt, reason);
            deadLetter(message, attempt, "gave up after " + attempt + " attempts: " + reason);
        } else {
            LOG.warnf("attempt %d for message %s failed, will retry: %s", attempt, message.messageId(), reason);
            retryLater(message, attempt);
            metrics.count("retried");
        }
    }

    private void deadLetter(Message message, int attempt, String reason) {
        try {
            deadLetters.send(settings.queue(), settings.service(), message, attempt, reason);
            metrics.count("dead_lettered");
        } catch (RuntimeException e) {
            // Could not move it: it stays on the queue and comes back; the redrive policy is the last resort.
            LOG.errorf("could not dead-letter message %s: %s", message.messageId(), e.getMessage());
        }
    }

    private void retryLater(Message message, int attempt) {
        setVisibility(message, settings.backoff().delaySeconds(attempt));
    }

    /**
     * A deferred message comes back as a new message after {@code delay} (SQS allows up to 15 minutes), and this one is
     * deleted — send first, so a crash in between leaves a duplicate (dropped by its event id), never a loss. A new
     * message starts with a receive count of 1: waiting never pushes a healthy message towards the DLQ, while a
     * message that really fails still gets its full {@code max-attempts}.
     */
    private void requeue(Message message, java.time.Duration delay) {
        int seconds = (int) Math.max(0, Math.min(900, (delay.toMillis() + 999) / 1000));
        sqs.sendMessage(b -> b.queueUrl(queues.url(settings.queue())).messageBody(message.body())
                .messageAttributes(message.messageAttributes()).delaySeconds(seconds));
        delete(message);
    }

    private void setVisibility(Message message, int delay) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queues.url(settings.queue())).receiptHandle(message.receiptHandle())
                    .visibilityTimeout(delay));
        } catch (RuntimeException e) {
            LOG.debugf("could not set backoff on %s (%s); it returns after the queue's visibility timeout", message.messageId(), e.getMessage());
        }
    }

    private void delete(Message message) {
        sqs.deleteMessage(b -> b.queueUrl(queues.url(settings.queue())).receiptHandle(message.receiptHandle()));
    }

    private void releaseQuietly(IdempotencyStore.Acquired claim) {
        try {
            idempotency.release(claim);
        } catch (RuntimeException e) {
            LOG.debugf("could not release claim %s; its lease will run out", claim.id());
        }
    }

    /**
     * Our own events deduplicate on the id derived from their payload (EventBridge assigns envelope ids of its own);
     * CloudTrail events on their CloudTrail eventID, which survives any forwarding; anything else on the envelope id.
     */
    static String dedupKey(EventEnvelope envelope) {
        var type = EventType.ofDetailType(envelope.detailType());
        String incidentId = envelope.detail().path("incidentId").asText("");
        if (type.isPresent() && !incidentId.isEmpty()) {
            return EventIds.forIncident(incidentId, type.get());
        }
        String cloudTrailId = envelope.detail().path("eventID").asText("");
        return cloudTrailId.isEmpty() ? envelope.id() : cloudTrailId;
    }

    static boolean isPermanent(Throwable e) {
        return e instanceof InvalidEventException
                || e instanceof InvalidActionException
                || (e instanceof CloudCallException c && !c.retryable());
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + ": " + (m == null ? "(no message)" : m);
    }

    private static void putMdc(EventEnvelope envelope) {
        String incident = envelope.detail().path("incidentId").asText("");
        if (!incident.isEmpty()) {
            MDC.put("incidentId", incident);
            MDC.put("correlationId", envelope.detail().path("correlationId").asText(""));
        }
    }

    private static int secondsUntil(long epochMillis) {
        long seconds = (epochMillis - System.currentTimeMillis() + 999) / 1000;
        return (int) Math.max(0, Math.min(43_199, seconds));
    }

    private static int receiveCount(Message m) {
        String v = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return v == null ? 1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
