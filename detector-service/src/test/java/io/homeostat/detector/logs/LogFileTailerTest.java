package io.homeostat.detector.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tailing: appended complete lines only, from the end at first, from the start again after a rotation. */
class LogFileTailerTest {

    @TempDir
    Path dir;

    /** Records what would be ingested instead of counting it. */
    static final class Recording extends LogIngest {
        final List<String> lines = new ArrayList<>();

        @Override
        public Accepted ingest(String source, List<String> batch) {
            lines.addAll(batch);
            return new Accepted(batch.size(), 0, 0, 0);
        }
    }

    @Test
    void followsAppendsCompleteLinesAndRotation() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "ERROR old 1\nERROR old 2\n");
        Recording ingest = new Recording();
        LogFileTailer tailer = new LogFileTailer();
        tailer.ingest = ingest;

        assertEquals(0, tailer.tail("app", log), "what was there before is not counted as new");
        append(log, "ERROR new 1\nERROR half");
        assertEquals(1, tailer.tail("app", log));
        assertEquals(List.of("ERROR new 1"), ingest.lines, "a partial line waits for its end");
        append(log, " done\n");
        tailer.tail("app", log);
        assertEquals(List.of("ERROR new 1", "ERROR half done"), ingest.lines);

        Files.writeString(log, "ERROR after rotation\n"); // shorter than before: rotated or truncated
        tailer.tail("app", log);
        assertEquals("ERROR after rotation", ingest.lines.get(ingest.lines.size() - 1));
        assertEquals(0, tailer.tail("app", dir.resolve("missing.log")), "a missing file is nothing to read yet");
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
