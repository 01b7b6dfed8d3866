package io.homeostat.runtime.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The way out of ESCALATED. An escalated incident holds its resource (new drift is folded into it, nothing repairs
 * it) until a person who has looked closes it with a reason. Closing moves it to CLOSED (notified like every outcome)
 * and releases the resource at once, in one transaction: the next scan or event heals what still differs, unless a
 * drift flag pauses the resource first.
 */
public final class EscalatedIncidents {

    /** A close that does not apply: no such incident, or it is not ESCALATED (HTTP 404 / 409). */
    public static class CloseRefusedException extends RuntimeException {

        private final boolean notFound;

        CloseRefusedException(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    private final IncidentStore incidents;
    private final CooldownGuard guard;
    private final StoreTransactions transactions;
    private final Clock clock;

    public EscalatedIncidents(IncidentStore incidents, CooldownGuard guard, StoreTransactions transactions, Clock clock) {
        this.incidents = incidents;
        this.guard = guard;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Closes escalated incident {@code id} for {@code user}.
     *
     * @throws IllegalArgumentException when {@code reason} is blank: the timeline must say why
     * @throws CloseRefusedException    when there is no such incident or it is not ESCALATED
     * @throws ConflictException        when the incident changed while closing (read it again)
     */
    public Incident close(String id, String user, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("closing an escalated incident needs a reason: {\"reason\": \"…\"}");
        }
        Incident incident = incidents.find(id)
                .orElseThrow(() -> new CloseRefusedException("no incident " + id, true));
        if (incident.state() != IncidentState.ESCALATED) {
            throw new CloseRefusedException("incident " + id + " is " + incident.state() + "; only an ESCALATED incident is "
                    + "closed by hand (the others close themselves)", false);
        }
        Instant now = clock.instant();
        var entry = new TimelineEntry(now, IncidentState.CLOSED, "detector", null, "closed by " + user + ": " + reason.strip()
                + "; resource released without a cooldown");
        transactions.commit(List.of(
                incidents.transition(incident, IncidentState.CLOSED, entry, Map.of()),
                guard.close(incident.resource().key(), incident.incidentId(), now.toEpochMilli())));
        return incidents.find(id).orElseThrow();
    }
}
