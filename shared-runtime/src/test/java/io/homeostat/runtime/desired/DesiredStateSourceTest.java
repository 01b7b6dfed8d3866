package io.homeostat.runtime.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-reads on change; an invalid edit keeps the last valid state in force. */
class DesiredStateSourceTest {

    @TempDir
    Path dir;

    private int edits;

    private void write(String yaml) throws IOException {
        Path file = dir.resolve("10-messaging.yaml");
        Files.writeString(file, yaml);
        // Distinct modification times, so the change is seen even within one file-system timestamp tick.
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(++edits)));
    }

    private static String queue(String name, int visibility) {
        return """
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: %s
                    properties: {VisibilityTimeout: %d}
                """.formatted(name, visibility);
    }

    @Test
    void keepsTheLastValidStateWhenAnEditIsInvalidAndPicksUpTheNextValidOne() throws IOException {
        DesiredStateSource source = new DesiredStateSource(dir, new PhaseLoader(Set.of("aws.sqs.queue")));
        write(queue("orders", 30));

        DesiredState first = source.current();
        assertEquals(30, first.find("orders-queue").orElseThrow().properties().get("VisibilityTimeout"));
        assertSame(first, source.current(), "unchanged files are not re-read");

        write("resources:\n  orders-queue:\n    type: aws.sqs.queue\n    nmae: broken\n");
        assertSame(first, source.current(), "an invalid edit keeps the last valid state");

        write(queue("orders", 45));
        assertEquals(45, source.current().find("orders-queue").orElseThrow().properties().get("VisibilityTimeout"));
    }

    @Test
    void withoutAnyValidStateTheProblemsAreThrown() throws IOException {
        DesiredStateSource source = new DesiredStateSource(dir, new PhaseLoader(Set.of("aws.sqs.queue")));
        write("resources:\n  q:\n    type: nope\n    name: q\n");
        PhaseValidationException e = assertThrows(PhaseValidationException.class, source::current);
        assertEquals(1, e.problems().size());
    }

    @Test
    void filesNotInAFolderAreValidatedTogetherAndProblemsNameWhereTheyAreShownFrom() {
        PhaseLoader loader = new PhaseLoader(Set.of("aws.sqs.queue"));
        DesiredState state = loader.loadStaged(Map.of("10-a.yaml", queue("orders", 30)), "phases");
        assertEquals(30, state.find("orders-queue").orElseThrow().properties().get("VisibilityTimeout"));

        PhaseValidationException e = assertThrows(PhaseValidationException.class, () -> loader.loadStaged(
                Map.of("10-a.yaml", queue("orders", 30), "20-b.yaml", queue("again", 30)), "main:phases"));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("main:phases/20-b.yaml:2:3: resources.orders-queue: duplicate"),
                e.problems().get(0));
        assertThrows(IllegalArgumentException.class, () -> loader.loadStaged(Map.of("../x.yaml", "a: 1"), "p"),
                "a file name is never a path");
    }
}
