package io.homeostat.detector.logs;

import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.runtime.config.StartupGate;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tails the log files configured under {@code homeostat.detector.logs.files.<source>}: every interval it reads what
 * was appended since the last read (complete lines only) and hands it to {@link LogIngest}. A file that shrank was
 * rotated or truncated and is read again from its start; a file that starts out large is read from its end, so a
 * restart does not count old errors as new.
 */
@Singleton
public class LogFileTailer {

    private static final Logger LOG = Logger.getLogger(LogFileTailer.class);
    /** Most bytes read from one file per round; the rest waits for the next round. */
    static final int MAX_READ = 4 * 1024 * 1024;

    @Inject
    DetectorConfig config;

    @Inject
    LogIngest ingest;

    @Inject
    StartupGate startup;

    private final Map<String, Long> offsets = new ConcurrentHashMap<>();

    @Scheduled(every = "${homeostat.detector.logs.tail-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (startup.isOpen() && config.logs().enabled()) {
            config.logs().files().forEach(this::tailQuietly);
        }
    }

    private void tailQuietly(String source, String file) {
        try {
            tail(source, Path.of(file));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot tail %s for log source %s: %s", file, source, e.getMessage());
        }
    }

    /** Reads what is new in {@code file} and ingests it. @return the lines ingested */
    public int tail(String source, Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long size = Files.size(file);
        String key = source + "\n" + file;
        Long known = offsets.get(key);
        long from = known == null ? size : known > size ? 0 : known;
        if (size <= from) {
            offsets.put(key, from);
            return 0;
        }
        byte[] bytes;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(from);
            bytes = new byte[(int) Math.min(size - from, MAX_READ)];
            in.readFully(bytes);
        }
        int lastNewline = lastIndexOf(bytes, (byte) '\n');
        if (lastNewline < 0) {
            // A partial line (or a line longer than a whole round's read): wait unless the read is full.
            if (bytes.length < MAX_READ) {
                offsets.put(key, from);
                return 0;
            }
            lastNewline = bytes.length - 1;
        }
        offsets.put(key, from + lastNewline + 1);
        List<String> lines = new String(bytes, 0, lastNewline + 1, StandardCharsets.UTF_8).lines().toList();
        ingest.ingest(source, lines);
        return lines.size();
    }

    /** Starts following {@code file} from its current end (what the first scheduled round does by itself). */
    public void startAtEnd(String source, Path file) throws IOException {
        offsets.put(source + "\n" + file, Files.exists(file) ? Files.size(file) : 0L);
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
