package io.homeostat.planner.approval;

import io.homeostat.model.events.EventType;
import io.homeostat.model.events.PlanReady;
import io.homeostat.planner.adopt.AdoptProposer;
import io.homeostat.planner.service.PlanReadyEvents;
import io.homeostat.runtime.gitops.Proposal;
import io.homeostat.runtime.store.Approval;
import io.homeostat.runtime.store.ConflictException;
import io.homeostat.runtime.store.CooldownGuard;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.StoredPlan;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.transport.EventPublisher;
import io.homeostat.runtime.transport.Envelopes;
import io.homeostat.runtime.untrusted.UntrustedText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decisions on waiting plans. Every decision is a conditional write on the incident's version, so two people deciding
 * at once (or one client retrying) produce exactly one decision; the loser is told what was decided, by whom and when.
 * An approval commits PLANNED first and publishes plan.ready after; should the publish be lost, {@link #republishStalled}
 * sends it again with the same deterministic id, which the executor runs at most once.
 */
public final class ApprovalDesk {

    private static final Logger LOG = Logger.getLogger(ApprovalDesk.class);
    private static final int ATTEMPTS = 3;
    /** Who decides when nobody did in time. */
    static final String SYSTEM = "homeostat";

    private final IncidentStore incidents;
    private final StoreTransactions transactions;
    private final CooldownGuard guard;
    private final EventPublisher publisher;
    private final Envelopes envelopes;
    private final Clock clock;
    private final Duration cooldown;
    private final AdoptProposer adopter;

    public ApprovalDesk(IncidentStore incidents, StoreTransactions transactions, CooldownGuard guard, EventPublisher publisher,
                        Envelopes envelopes, Clock clock, Duration cooldown, AdoptProposer adopter) {
        this.incidents = incidents;
        this.transactions = transactions;
        this.guard = guard;
        this.publisher = publisher;
        this.envelopes = envelopes;
        this.clock = clock;
        this.cooldown = cooldown;
        this.adopter = adopter;
    }

    /** Plans in {@code state} (newest first), or every incident that holds a plan when {@code state} is empty. */
    public List<Incident> plans(Optional<IncidentState> state, int limit) {
        return incidents.recent(Integer.MAX_VALUE).stream()
                .filter(i -> i.plan() != null)
                .filter(i -> state.isEmpty() || i.state() == state.get())
                .limit(limit)
                .toList();
    }

    /** By incident id, or by plan id. */
    public Incident find(String id) {
        return incidents.find(id).or(() -> incidents.recent(Integer.MAX_VALUE).stream()
                        .filter(i -> i.plan() != null && id.equals(i.plan().planId())).findFirst())
                .orElseThrow(() -> new PlanNotFoundException("no incident or plan '" + id + "'"));
    }

    /** Runs the waiting plan: PLANNED, then plan.ready. */
    public Incident approve(String id, String user, String comment) {
        Incident done = decide(id, user, comment, Approval.Decision.APPROVED, (incident, now) -> new Step(IncidentState.PLANNED,
                new TimelineEntry(now, IncidentState.PLANNED, "planner", Envelopes.idOf(incident.incidentId(), EventType.PLAN_READY),
                        "approved by " + user + why(comment) + "; " + incident.plan().actions().size() + " action(s) released"),
                Map.of()));
        publish(done);
        return done;
    }

    /** Nothing runs; the resource's guard is released into its cooldown. */
    public Incident reject(String id, String user, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason: {\"reason\": \"…\"}");
        }
        return decide(id, user, comment, Approval.Decision.REJECTED, (incident, now) -> new Step(IncidentState.REJECTED,
                new TimelineEntry(now, IncidentState.REJECTED, "planner", null, "rejected by " + user + why(comment)), Map.of()));
    }

    /**
     * Nothing runs; desired = actual is proposed on branch {@code homeostat/adopt/<incidentId>} for people to review and
     * merge. The incident closes NOTIFIED with the branch and commit recorded.
     */
    public Incident adopt(String id, String user, String comment) {
        return decide(id, user, comment, Approval.Decision.ADOPTED, (incident, now) -> {
            Proposal proposal = adopter.propose(incident, user, comment);
            StoredPlan adoptPlan = new StoredPlan(incident.plan().planId(), PlanReady.Strategy.ADOPT, List.of(),
                    incident.plan().policy());
            var entry = new TimelineEntry(now, IncidentState.NOTIFIED, "planner", null, "ADOPT chosen by " + user + why(comment)
                    + ": desired = actual proposed on branch " + proposal.branch() + " (commit " + proposal.commitId()
                    + "); nothing applied, merge it to adopt");
            return new Step(IncidentState.NOTIFIED, entry, Map.of(IncidentStore.Field.plan, adoptPlan,
                    IncidentStore.Field.adoption, proposal, IncidentStore.Field.outcome, "NOTIFIED"));
        });
    }

    /** Marks every waiting plan past its expiry EXPIRED. @return how many */
    public int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        for (Incident i : incidents.recent(Integer.MAX_VALUE)) {
            if (i.state() == IncidentState.AWAITING_APPROVAL && i.approval() != null && i.approval().expiredAt(now)) {
                try {
                    transactions.commit(expire(i, now));
                    expired++;
                    LOG.infof("incident %s: waiting plan expired (was due %s)", i.incidentId(), i.approval().expiresAt());
                } catch (ConflictException raced) {
                    // decided (or expired by another replica) meanwhile: nothing to do
                }
            }
        }
        return expired;
    }

    /** Approved plans still PLANNED after {@code after}: their plan.ready may have been lost, so send it again. */
    public int republishStalled(Duration after) {
        Instant cutoff = clock.instant().minus(after);
        int sent = 0;
        for (Incident i : incidents.recent(Integer.MAX_VALUE)) {
            if (i.state() == IncidentState.PLANNED && i.approval() != null && i.approval().decision() == Approval.Decision.APPROVED
                    && i.updatedAt().isBefore(cutoff)) {
                publisher.publish(envelopes.wrap(planReady(i, i.plan())));
                sent++;
            }
        }
        return sent;
    }

    // ------------------------------------------------------------------------------------------------------------

    private record Step(IncidentState next, TimelineEntry entry, Map<IncidentStore.Field, Object> fields) {}

    private interface StepFactory {
        Step make(Incident incident, Instant now);
    }

    private Incident decide(String id, String user, String comment, Approval.Decision decision, StepFactory factory) {
        for (int attempt = 1; ; attempt++) {
            Incident incident = find(id);
            Instant now = clock.instant();
            refuseUnlessWaiting(incident, now);
            Step step = factory.make(incident, now);
            Map<IncidentStore.Field, Object> fields = new java.util.EnumMap<>(IncidentStore.Field.class);
            fields.putAll(step.fields());
            fields.put(IncidentStore.Field.approval, waitingSince(incident).decided(decision, user, now, comment));
            List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> writes = new ArrayList<>();
            writes.add(incidents.transition(incident, step.next(), step.entry(), fields));
            if (step.next().isTerminal()) {
                writes.add(guard.close(incident.resource().key(), incident.incidentId(), now.plus(cooldown).toEpochMilli()));
            }
            try {
                transactions.commit(writes);
                LOG.infof("incident %s: %s by %s", incident.incidentId(), decision, user);
                return incidents.find(incident.incidentId()).orElseThrow();
            } catch (ConflictException raced) {
                if (attempt >= ATTEMPTS) {
                    throw new DecisionRefusedException("incident " + incident.incidentId() + " kept changing while deciding; try again");
                }
                // someone else decided (or it expired) meanwhile: read again, and refuse with what happened
            }
        }
    }

    /** Refuses anything but a live waiting plan, saying what became of it; an overdue one is marked EXPIRED first. */
    private void refuseUnlessWaiting(Incident incident, Instant now) {
        Approval a = incident.approval();
        if (incident.state() == IncidentState.AWAITING_APPROVAL && a != null && a.expiredAt(now)) {
            try {
                transactions.commit(expire(incident, now));
            } catch (ConflictException raced) {
                // decided meanwhile; the refusal below still holds for this request
            }
            throw new DecisionRefusedException("plan of incident " + incident.incidentId() + " expired at " + a.expiresAt()
                    + "; it can no longer be approved");
        }
        if (incident.state() == IncidentState.AWAITING_APPROVAL) {
            return;
        }
        if (a != null && a.decision() != null) {
            throw new DecisionRefusedException("plan of incident " + incident.incidentId() + " was already "
                    + a.decision().name().toLowerCase() + " by " + a.decidedBy() + " at " + a.decidedAt()
                    + (a.comment() == null ? "" : " (" + UntrustedText.quote(a.comment()) + ")") + "; incident is " + incident.state());
        }
        throw new DecisionRefusedException("incident " + incident.incidentId() + " is " + incident.state()
                + "; only plans AWAITING_APPROVAL can be decided");
    }

    /** The incident's approval record; a plan held before approvals were recorded (PAUSED) waits without expiry. */
    private static Approval waitingSince(Incident i) {
        return i.approval() != null ? i.approval()
                : Approval.waiting(List.of("held by an earlier planner (drift flag PAUSED)"), i.updatedAt(), null);
    }

    private List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> expire(Incident i, Instant now) {
        var entry = new TimelineEntry(now, IncidentState.EXPIRED, "planner", null,
                "nobody decided by " + i.approval().expiresAt() + "; plan expired, nothing ran");
        return List.of(
                incidents.transition(i, IncidentState.EXPIRED, entry, Map.of(IncidentStore.Field.approval,
                        i.approval().decided(Approval.Decision.EXPIRED, SYSTEM, now, "not decided in time"))),
                guard.close(i.resource().key(), i.incidentId(), now.plus(cooldown).toEpochMilli()));
    }

    private void publish(Incident approved) {
        try {
            publisher.publish(envelopes.wrap(planReady(approved, approved.plan())));
        } catch (RuntimeException e) {
            // Committed already: the sweep re-sends it (same id). The approval stands.
            LOG.warnf(e, "incident %s approved, plan.ready not sent yet; the sweep will re-send it", approved.incidentId());
        }
    }

    private static PlanReady planReady(Incident i, StoredPlan plan) {
        return PlanReadyEvents.of(i.incidentId(), i.correlationId(), i.resource(), plan);
    }

    private static String why(String comment) {
        return comment == null || comment.isBlank() ? "" : ": " + UntrustedText.quote(comment);
    }
}
