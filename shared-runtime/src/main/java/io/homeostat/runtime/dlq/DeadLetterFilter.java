package io.homeostat.runtime.dlq;

import io.homeostat.runtime.untrusted.UntrustedText;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which dead letters to list or replay. Every criterion that is set must hold; none set matches everything.
 *
 * @param ids       only these DLQ message ids (empty = any)
 * @param queue     only this consumer's DLQ, logical ({@code analyzer}) or physical name
 * @param eventType only envelopes of this detail-type
 * @param reason    only those whose reason contains this text (case-insensitive)
 * @param olderThan only those dead-lettered at least this long ago
 * @param newerThan only those dead-lettered less than this long ago
 */
public record DeadLetterFilter(Set<String> ids, Optional<String> queue, Optional<String> eventType, Optional<String> reason,
                               Optional<Duration> olderThan, Optional<Duration> newerThan) {

    public DeadLetterFilter {
        ids = ids == null ? Set.of() : Set.copyOf(ids);
        queue = blankToEmpty(queue);
        eventType = blankToEmpty(eventType);
        reason = blankToEmpty(reason);
        olderThan = olderThan == null ? Optional.empty() : olderThan;
        newerThan = newerThan == null ? Optional.empty() : newerThan;
    }

    public static DeadLetterFilter all() {
        return new DeadLetterFilter(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static DeadLetterFilter byId(String messageId) {
        return new DeadLetterFilter(Set.of(messageId), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** True when nothing narrows the selection: replaying it means replaying everything. */
    public boolean selectsAll() {
        return ids.isEmpty() && queue.isEmpty() && eventType.isEmpty() && reason.isEmpty() && olderThan.isEmpty()
                && newerThan.isEmpty();
    }

    /** For logs: what the filter selects, operator-typed text quoted. */
    public String describe() {
        if (selectsAll()) {
            return "every dead letter";
        }
        StringBuilder b = new StringBuilder();
        if (!ids.isEmpty()) {
            b.append(" ids=").append(ids.stream().map(UntrustedText::quote).toList());
        }
        queue.ifPresent(q -> b.append(" queue=").append(UntrustedText.quote(q)));
        eventType.ifPresent(t -> b.append(" type=").append(UntrustedText.quote(t)));
        reason.ifPresent(r -> b.append(" reason~").append(UntrustedText.quote(r)));
        olderThan.ifPresent(d -> b.append(" olderThan=").append(d));
        newerThan.ifPresent(d -> b.append(" newerThan=").append(d));
        return b.toString().trim();
    }

    /** Whether this filter covers a queue known by any of {@code names} (logical, physical, its DLQ's name). */
    boolean coversQueue(String... names) {
        return queue.isEmpty() || java.util.Arrays.asList(names).contains(queue.get());
    }

    boolean matches(DeadLetter d, Instant now) {
        if (!ids.isEmpty() && !ids.contains(d.messageId())) {
            return false;
        }
        if (eventType.isPresent() && !eventType.get().equals(d.eventType())) {
            return false;
        }
        if (reason.isPresent() && !d.reason().toLowerCase(Locale.ROOT).contains(reason.get().toLowerCase(Locale.ROOT))) {
            return false;
        }
        Instant at = d.lastFailedAt();
        if (olderThan.isPresent() && (at == null || at.isAfter(now.minus(olderThan.get())))) {
            return false;
        }
        return newerThan.isEmpty() || (at != null && at.isAfter(now.minus(newerThan.get())));
    }

    private static Optional<String> blankToEmpty(Optional<String> v) {
        return v == null ? Optional.empty() : v.map(String::trim).filter(s -> !s.isEmpty());
    }
}
