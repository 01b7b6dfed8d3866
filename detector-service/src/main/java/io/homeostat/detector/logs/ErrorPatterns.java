package io.homeostat.detector.logs;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns an error log line into its pattern: the line with everything that varies between occurrences replaced by a
 * placeholder, so one failure mode counts as one pattern however many orders, ids or durations it names.
 *
 * <pre>
 * 2026-11-23T01:00:05Z ERROR payment 0b8e6c1e-… failed after 3000 ms for "alice@example.com"
 *   → ERROR payment &lt;uuid&gt; failed after &lt;n&gt; ms for &lt;str&gt;
 * </pre>
 *
 * Lines that are not errors (no error level, exception or panic word) have no pattern and are not counted.
 */
public final class ErrorPatterns {

    /** Longest pattern kept: beyond it, lines are one pattern if they start alike. */
    static final int MAX_LENGTH = 200;

    private static final Pattern ERROR = Pattern.compile(
            "(?i)(\\b(error|err|fatal|critical|crit|severe|panic|alert|emerg)\\b|\\w(exception|error)\\b|traceback|\"level\"\\s*:\\s*\"(error|fatal)\")");
    private static final Pattern LEADING_TIME = Pattern.compile(
            "^\\[?\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}([.,]\\d+)?(Z|[+-]\\d{2}:?\\d{2})?\\]?\\s*");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern UUID = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern IP = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?\\b");
    private static final Pattern HEX = Pattern.compile("\\b(0x[0-9a-fA-F]+|(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,})\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_])-?\\d+(\\.\\d+)?");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private ErrorPatterns() {}

    /** The line's pattern when it reports an error; empty otherwise. */
    public static Optional<String> of(String line) {
        if (line == null || line.isBlank() || !ERROR.matcher(line).find()) {
            return Optional.empty();
        }
        return Optional.of(template(line));
    }

    /** Variable parts replaced: quoted text, UUIDs, IP addresses, hex ids, numbers; a leading timestamp dropped. */
    static String template(String line) {
        String t = LEADING_TIME.matcher(line.strip()).replaceFirst("");
        t = QUOTED.matcher(t).replaceAll("<str>");
        t = UUID.matcher(t).replaceAll("<uuid>");
        t = IP.matcher(t).replaceAll("<ip>");
        t = HEX.matcher(t).replaceAll("<hex>");
        t = NUMBER.matcher(t).replaceAll("<n>");
        t = SPACE.matcher(t).replaceAll(" ").strip();
        return t.length() > MAX_LENGTH ? t.substring(0, MAX_LENGTH) : t;
    }

    /** A short stable id for a pattern (keys, logical ids): the first 12 hex digits of its SHA-256. */
    public static String id(String pattern) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
