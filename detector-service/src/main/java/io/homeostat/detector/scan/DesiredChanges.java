package io.homeostat.detector.scan;

import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which resources have a desired-state change not yet raised. A resource whose declaration is new or edited since the
 * previous scan is marked; the mark stays until an incident is opened for it or the resource is found in sync, so a
 * cooldown (the trigger folded) or a failed observation never turns an intentional change into plain drift.
 */
final class DesiredChanges {

    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    /** Marks what changed between {@code before} (null on the first scan: nothing is known to have changed) and {@code now}. */
    void compare(DesiredState before, Collection<DesiredResource> now) {
        if (before == null) {
            return;
        }
        for (DesiredResource r : now) {
            if (!before.find(r.logicalId()).filter(r::equals).isPresent()) {
                pending.add(r.logicalId());
            }
        }
    }

    boolean isPending(DesiredResource r) {
        return pending.contains(r.logicalId());
    }

    /** Records one resource's scan outcome: raised or in sync clears the mark; folded or failed keeps it. */
    void settle(DesiredResource r, ScanRunner.Status status) {
        if (status == ScanRunner.Status.OPENED || status == ScanRunner.Status.IN_SYNC) {
            pending.remove(r.logicalId());
        }
    }

    /** Forgets resources no longer declared. */
    void retainDeclared(DesiredState now) {
        pending.retainAll(now.byLogicalId().keySet());
    }
}
