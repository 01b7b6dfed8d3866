package io.homeostat.detector.scan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredChangesTest {

    private final DesiredChanges changes = new DesiredChanges();

    private static DesiredResource queue(String id, int visibility) {
        return new DesiredResource(id, "p", "aws.sqs.queue", id, "123456789012", "us-east-1",
                Map.of("VisibilityTimeout", visibility), Map.of(), DriftMode.AUTO_HEAL);
    }

    private static DesiredState state(DesiredResource... rs) {
        return DesiredState.of(List.of(rs), List.of());
    }

    @Test
    void theFirstScanKnowsOfNoChange() {
        changes.compare(null, List.of(queue("q", 30)));
        assertFalse(changes.isPending(queue("q", 30)));
    }

    @Test
    void anEditIsPendingUntilRaisedEvenThroughACooldownOrAFailure() {
        DesiredResource edited = queue("q", 40);
        changes.compare(state(queue("q", 30)), List.of(edited));
        assertTrue(changes.isPending(edited));

        changes.settle(edited, ScanRunner.Status.FOLDED); // cooling down: folded into the last incident
        changes.compare(state(edited), List.of(edited)); // next scan: nothing new changed
        assertTrue(changes.isPending(edited), "still a desired change, not plain drift");

        changes.settle(edited, ScanRunner.Status.FAILED);
        assertTrue(changes.isPending(edited));

        changes.settle(edited, ScanRunner.Status.OPENED);
        assertFalse(changes.isPending(edited), "raised as DESIRED_CHANGED: done");
    }

    @Test
    void anEditAlreadyLiveClearsAndAnUnchangedResourceIsNeverMarked() {
        DesiredResource edited = queue("q", 40);
        DesiredResource same = queue("r", 30);
        changes.compare(state(queue("q", 30), same), List.of(edited, same));
        assertFalse(changes.isPending(same));
        changes.settle(edited, ScanRunner.Status.IN_SYNC);
        assertFalse(changes.isPending(edited));
    }

    @Test
    void aNewResourceIsADesiredChangeAndARemovedOneIsForgotten() {
        DesiredResource added = queue("new", 30);
        changes.compare(state(queue("old", 30)), List.of(added));
        assertTrue(changes.isPending(added));
        changes.retainDeclared(state(queue("old", 30)));
        assertFalse(changes.isPending(added));
    }
}
