package io.homeostat.mcp.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredStateDiffTest {

    private static DesiredResource queue(String id, Map<String, Object> props, Map<String, String> tags, DriftMode drift) {
        return new DesiredResource(id, "p", "aws.sqs.queue", id, "1", "us-east-1", props, tags, drift);
    }

    @Test
    void identicalStatesHaveNoChanges() {
        DesiredState s = DesiredState.of(List.of(queue("a", Map.of("VisibilityTimeout", 30), Map.of(), DriftMode.AUTO_HEAL)), List.of());
        DesiredStateDiff diff = DesiredStateDiff.between(s, s);
        assertTrue(diff.isEmpty());
        assertEquals("No changes to the desired state.\n", diff.render());
    }

    @Test
    void everyChangedFieldIsListedIncludingTagsAndDriftMode() {
        DesiredState before = DesiredState.of(List.of(queue("a", Map.of("VisibilityTimeout", 30, "DelaySeconds", 0),
                Map.of("team", "x"), DriftMode.AUTO_HEAL)), List.of());
        DesiredState after = DesiredState.of(List.of(queue("a", Map.of("VisibilityTimeout", 30, "MaximumMessageSize", 1024),
                Map.of("team", "y"), DriftMode.NOTIFY)), List.of());
        DesiredStateDiff diff = DesiredStateDiff.between(before, after);
        assertEquals(List.of(
                new DesiredStateDiff.FieldChange("drift", "AUTO_HEAL", "NOTIFY"),
                new DesiredStateDiff.FieldChange("properties.DelaySeconds", "0", null),
                new DesiredStateDiff.FieldChange("properties.MaximumMessageSize", null, "1024"),
                new DesiredStateDiff.FieldChange("tags.team", "x", "y")), diff.changes().get(0).fields());
        assertTrue(diff.render().contains("    properties.DelaySeconds: - 0\n"), diff.render());
        assertTrue(diff.render().contains("    properties.MaximumMessageSize: + 1024\n"), diff.render());
    }
}
