package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.n;
import static io.homeostat.runtime.store.Attrs.s;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The notifications people are owed, kept on the incident item itself. {@link IncidentStore#create} and
 * {@link IncidentStore#transition} append a {@link PendingNotice} for every notifiable state in the same write as the
 * state change, so a transition made by any service is notified exactly when it is durable — no service has to
 * remember to notify, and a crash cannot lose one.
 *
 * <p>An item with notices pending carries {@value #QUEUE} (= {@value #QUEUED}) and {@value #SINCE}: the key of the
 * sparse index {@value #INDEX}, which holds only those items. A notifier queries the index, claims items with a
 * conditional write and a lease (replicas never send the same notice at once), sends, then removes the notices it
 * sent; notices appended meanwhile stay queued.
 */
public final class NotificationOutbox {

    /** The sparse global secondary index of the incidents table over items with pending notices. */
    public static final String INDEX = "notify-pending";
    static final String PENDING = "notifyPending";
    static final String QUEUE = "notifyQueue";
    static final String SINCE = "notifySince";
    static final String QUEUED = "queued";
    private static final String OWNER = "notifyClaimOwner";
    private static final String CLAIMED_UNTIL = "notifyClaimedUntil";
    private static final String ATTEMPTS = "notifyAttempts";
    private static final String NOT_BEFORE = "notifyNotBefore";

    /** Transitions people are told about; the others are steps of the machinery. */
    public static final Set<IncidentState> NOTIFIABLE = Set.of(IncidentState.DETECTED, IncidentState.AWAITING_APPROVAL,
            IncidentState.RESOLVED, IncidentState.NOTIFIED, IncidentState.FAILED, IncidentState.PARTIAL,
            IncidentState.ROLLED_BACK, IncidentState.ESCALATED, IncidentState.REJECTED, IncidentState.EXPIRED,
            IncidentState.CLOSED);

    /** Appended to a transition's update expression (uses its {@code :empty}). */
    static final String PENDING_ON_TRANSITION = ", #n_pending = list_append(if_not_exists(#n_pending, :empty), :n_notice),"
            + " #n_queue = :n_queue, #n_since = if_not_exists(#n_since, :n_now)";
    static final Map<String, String> PENDING_NAMES = Map.of("#n_pending", PENDING, "#n_queue", QUEUE, "#n_since", SINCE);

    static Map<String, AttributeValue> pendingValues(String noticeJson, long nowMillis) {
        return Map.of(":n_notice", Attrs.list(List.of(noticeJson)), ":n_queue", s(QUEUED), ":n_now", n(nowMillis));
    }

    static Map<String, AttributeValue> pendingOnCreate(Instant at, String noticeJson) {
        return Map.of(PENDING, Attrs.list(List.of(noticeJson)), QUEUE, s(QUEUED), SINCE, n(at.toEpochMilli()));
    }

    /** An item waiting in the index since its first pending notice. */
    public record Queued(String incidentId, Instant since) {}

    /** Notices claimed by {@code owner}, with the incident as it is now. */
    public record Claim(Incident incident, List<PendingNotice> notices, int attempts, String owner) {}

    private final IncidentStore incidents;

    public NotificationOutbox(IncidentStore incidents) {
        this.incidents = incidents;
    }

    /** Up to {@code limit} items with pending notices, oldest first (the index is eventually consistent). */
    public List<Queued> queued(int limit) {
        List<Queued> out = new ArrayList<>();
        var pages = incidents.dynamo().queryPaginator(b -> b.tableName(incidents.table()).indexName(INDEX)
                .keyConditionExpression("#q = :q")
                .expressionAttributeNames(Map.of("#q", QUEUE))
                .expressionAttributeValues(Map.of(":q", s(QUEUED)))
                .scanIndexForward(true));
        for (Map<String, AttributeValue> item : pages.items()) {
            out.add(new Queued(Attrs.str(item, IncidentStore.KEY).orElseThrow(), Instant.ofEpochMilli(Attrs.num(item, SINCE, 0))));
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /**
     * Claims an item's pending notices for {@code lease}, unless another notifier holds them or they wait for a retry.
     *
     * @return empty when someone else has them, they are in backoff, or nothing is pending any more
     */
    public Optional<Claim> claim(String incidentId, String owner, Instant now, Duration lease) {
        try {
            Map<String, AttributeValue> item = incidents.dynamo().updateItem(b -> b.tableName(incidents.table())
                    .key(Map.of(IncidentStore.KEY, s(incidentId)))
                    .updateExpression("SET #owner = :me, #until = :until")
                    .conditionExpression("#q = :q AND size(#p) > :zero"
                            + " AND (attribute_not_exists(#until) OR #until < :now)"
                            + " AND (attribute_not_exists(#nb) OR #nb <= :now)")
                    .expressionAttributeNames(Map.of("#owner", OWNER, "#until", CLAIMED_UNTIL, "#q", QUEUE, "#p", PENDING,
                            "#nb", NOT_BEFORE))
                    .expressionAttributeValues(Map.of(":me", s(owner), ":until", n(now.plus(lease).toEpochMilli()),
                            ":q", s(QUEUED), ":zero", n(0), ":now", n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(new Claim(incidents.fromItem(item), incidents.pendingNotices(item),
                    (int) Attrs.num(item, ATTEMPTS, 0), owner));
        } catch (ConditionalCheckFailedException taken) {
            return Optional.empty();
        }
    }

    /**
     * Removes the claimed notices (they were sent, or given up on). Notices appended since the claim stay, and keep the
     * item in the index; otherwise the item leaves it.
     */
    public void done(Claim claim) {
        String removeNotices = IntStream.range(0, claim.notices().size()).mapToObj(i -> "#p[" + i + "]").collect(Collectors.joining(", "));
        try {
            incidents.dynamo().updateItem(b -> b.tableName(incidents.table())
                    .key(Map.of(IncidentStore.KEY, s(claim.incident().incidentId())))
                    .updateExpression("REMOVE " + removeNotices + ", #owner, #until, #attempts, #nb")
                    .conditionExpression("#owner = :me")
                    .expressionAttributeNames(Map.of("#p", PENDING, "#owner", OWNER, "#until", CLAIMED_UNTIL,
                            "#attempts", ATTEMPTS, "#nb", NOT_BEFORE))
                    .expressionAttributeValues(Map.of(":me", s(claim.owner()))));
        } catch (ConditionalCheckFailedException leaseLost) {
            return; // our lease ran out and another notifier took over: it will send and clear them
        }
        try {
            incidents.dynamo().updateItem(b -> b.tableName(incidents.table())
                    .key(Map.of(IncidentStore.KEY, s(claim.incident().incidentId())))
                    .updateExpression("REMOVE #q, #since, #p")
                    .conditionExpression("attribute_exists(#q) AND size(#p) = :zero")
                    .expressionAttributeNames(Map.of("#q", QUEUE, "#since", SINCE, "#p", PENDING))
                    .expressionAttributeValues(Map.of(":zero", n(0))));
        } catch (ConditionalCheckFailedException newNotice) {
            // A transition appended a notice since the claim: the item stays queued for it.
        }
    }

    /** Releases the claim and keeps the notices for another try at {@code notBefore}. */
    public void retryLater(Claim claim, Instant notBefore) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":me", s(claim.owner()), ":one", n(1),
                ":nb", n(notBefore.toEpochMilli())));
        try {
            incidents.dynamo().updateItem(b -> b.tableName(incidents.table())
                    .key(Map.of(IncidentStore.KEY, s(claim.incident().incidentId())))
                    .updateExpression("SET #nb = :nb ADD #attempts :one REMOVE #owner, #until")
                    .conditionExpression("#owner = :me")
                    .expressionAttributeNames(Map.of("#nb", NOT_BEFORE, "#attempts", ATTEMPTS, "#owner", OWNER,
                            "#until", CLAIMED_UNTIL))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException leaseLost) {
            // another notifier took over
        }
    }
}
