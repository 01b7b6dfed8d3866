package io.homeostat.runtime.store;

import java.time.Instant;
import java.util.List;

/**
 * A plan waiting for a person, and what became of it: why it waits, until when, and who decided what, when and why.
 *
 * @param reasons why the plan needs a person (low confidence, PAUSED, ANOMALY, a policy rule…), in words
 * @param requestedAt when the plan started waiting
 * @param expiresAt after this instant the plan can no longer be approved (the sweep marks it EXPIRED)
 * @param decision {@code null} while waiting
 * @param decidedBy the API user who decided ({@code homeostat} for an expiry)
 * @param decidedAt when
 * @param comment the reason the person gave
 */
public record Approval(List<String> reasons, Instant requestedAt, Instant expiresAt, Decision decision, String decidedBy,
                       Instant decidedAt, String comment) {

    public enum Decision {
        /** Run the plan as it is. */
        APPROVED,
        /** Do not run it. */
        REJECTED,
        /** Do not run it; propose desired = actual as a git branch instead (ADOPT). */
        ADOPTED,
        /** Nobody decided in time. */
        EXPIRED
    }

    public Approval {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public static Approval waiting(List<String> reasons, Instant requestedAt, Instant expiresAt) {
        return new Approval(reasons, requestedAt, expiresAt, null, null, null, null);
    }

    public Approval decided(Decision decision, String by, Instant at, String comment) {
        return new Approval(reasons, requestedAt, expiresAt, decision, by, at, comment);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
