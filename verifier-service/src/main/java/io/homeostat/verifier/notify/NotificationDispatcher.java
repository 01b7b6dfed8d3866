package io.homeostat.verifier.notify;

import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.NotificationOutbox;
import io.homeostat.runtime.store.NotificationOutbox.Claim;
import io.homeostat.runtime.store.PendingNotice;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * One notifier run: when the oldest pending notification has waited the grouping window, claim every incident with
 * notifications pending (up to a batch), group their notices by transition, send one message per transition to every
 * channel, and clear what was sent. A claim whose message failed on any channel is released with exponential backoff
 * and retried; after {@code maxAttempts} it is given up, logged and counted — a dead webhook never blocks the rest.
 *
 * <p>Delivery is at-least-once per channel: a notifier that dies after sending but before clearing leaves the claim to
 * expire and another replica sends again. Claims keep replicas from sending the same notice at the same time.
 */
public final class NotificationDispatcher {

    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);

    /** The knobs of a run (from {@code homeostat.notify.*}). */
    public record Settings(Duration groupWindow, int batchSize, Duration claimLease, int maxAttempts, Duration backoffBase,
                           Duration backoffMax) {}

    private final NotificationOutbox outbox;
    private final List<NotificationChannel> channels;
    private final Clock clock;
    private final Settings settings;
    private final MeterRegistry metrics;
    private final String owner;

    public NotificationDispatcher(NotificationOutbox outbox, List<NotificationChannel> channels, Clock clock, Settings settings,
                                  MeterRegistry metrics, String owner) {
        this.outbox = outbox;
        this.channels = List.copyOf(channels);
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
        this.owner = owner;
    }

    /** @return the messages sent (per transition, counted once however many channels took them) */
    public int runOnce() {
        List<NotificationOutbox.Queued> queued = outbox.queued(settings.batchSize());
        Instant now = clock.instant();
        if (queued.isEmpty() || queued.get(0).since().isAfter(now.minus(settings.groupWindow()))) {
            return 0; // nothing pending, or the window for the oldest is still open: let a storm gather
        }
        List<Claim> claims = new ArrayList<>();
        for (NotificationOutbox.Queued q : queued) {
            outbox.claim(q.incidentId(), owner, now, settings.claimLease()).ifPresent(claims::add);
        }
        Map<IncidentState, List<Claim>> byTransition = new TreeMap<>();
        for (Claim c : claims) {
            c.notices().stream().map(PendingNotice::state).distinct()
                    .forEach(state -> byTransition.computeIfAbsent(state, s -> new ArrayList<>()).add(c));
        }
        Set<String> failed = new HashSet<>();
        int sent = 0;
        for (Map.Entry<IncidentState, List<Claim>> group : byTransition.entrySet()) {
            Notification n = NotificationComposer.compose(group.getKey(), group.getValue().stream().map(Claim::incident).toList());
            if (sendEverywhere(n)) {
                sent++;
            } else {
                failed.addAll(n.incidentIds());
            }
        }
        for (Claim c : claims) {
            if (!failed.contains(c.incident().incidentId())) {
                outbox.done(c);
            } else if (c.attempts() + 1 >= settings.maxAttempts()) {
                LOG.errorf("giving up notifying %s of incident %s after %d attempts", c.notices(), c.incident().incidentId(), c.attempts() + 1);
                metrics.counter("homeostat.notifications.dropped").increment();
                outbox.done(c);
            } else {
                outbox.retryLater(c, now.plus(backoff(c.attempts())));
            }
        }
        return sent;
    }

    /** Every channel gets the message; a failing one does not stop the others, but the message counts as failed. */
    private boolean sendEverywhere(Notification n) {
        boolean ok = true;
        for (NotificationChannel channel : channels) {
            try {
                channel.send(n);
                metrics.counter("homeostat.notifications.sent", "channel", channel.name(), "transition", n.transition()).increment();
            } catch (RuntimeException e) {
                ok = false;
                metrics.counter("homeostat.notifications.failed", "channel", channel.name()).increment();
                LOG.warnf("notification %s for %d incident(s) not sent to %s: %s", n.transition(), n.incidentIds().size(), channel.name(),
                        e.getMessage());
            }
        }
        return ok;
    }

    private Duration backoff(int attempts) {
        Duration d = settings.backoffBase().multipliedBy(1L << Math.min(attempts, 20));
        return d.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : d;
    }
}
