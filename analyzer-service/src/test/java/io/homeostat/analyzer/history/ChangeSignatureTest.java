package io.homeostat.analyzer.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeSignatureTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static DriftDetected drift(String name, Trigger trigger, List<FieldDiff> diff) {
        return new DriftDetected(1, "i-" + name, "i-" + name, null,
                new ResourceRef("aws.sqs.queue", name + "-q", "p", name, "123456789012", "us-east-1"), trigger, diff, T);
    }

    private static Trigger cloudTrail(String who) {
        return new Trigger(Trigger.Kind.CLOUDTRAIL, "e-" + who, "SetQueueAttributes", who, "1.2.3.4", "cli", T);
    }

    @Test
    void typeTriggerKindAndSortedKeys_notResourceValuesOrWho() {
        DriftDetected a = drift("orders", cloudTrail("alice"), List.of(new FieldDiff("tags.team", "x", "y"),
                new FieldDiff("attributes.VisibilityTimeout", "30", "5")));
        DriftDetected b = drift("audit", cloudTrail("bob"), List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99"),
                new FieldDiff("tags.team", null, "z")));

        assertEquals("aws.sqs.queue|CLOUDTRAIL|attributes.VisibilityTimeout,tags.team", ChangeSignature.of(a));
        assertEquals(ChangeSignature.of(a), ChangeSignature.of(b), "same kind of change on another queue, by another person");
        assertNotEquals(ChangeSignature.of(a), ChangeSignature.of(drift("orders", Trigger.scan(), a.diff())), "trigger kind counts");
        assertNotEquals(ChangeSignature.of(a), ChangeSignature.of(drift("orders", cloudTrail("alice"),
                List.of(new FieldDiff("tags.team", "x", "y")))), "the set of keys counts");
    }

    @Test
    void manyKeysAreHashedToABoundedDeterministicKey() {
        List<FieldDiff> diff = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            diff.add(new FieldDiff("tags.k" + i, null, "v"));
        }
        String sig = ChangeSignature.of(drift("orders", Trigger.scan(), diff));
        assertTrue(sig.startsWith("aws.sqs.queue|SCAN|sha256:"), sig);
        assertTrue(sig.length() < 100, sig);
        List<FieldDiff> reversed = new ArrayList<>(diff);
        java.util.Collections.reverse(reversed);
        assertEquals(sig, ChangeSignature.of(drift("audit", Trigger.scan(), reversed)));
    }
}
