package io.homeostat.analyzer.history;

import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.FieldDiff;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * What kind of change an incident is, independent of which resource and which values: resource type, trigger kind
 * and the sorted set of changed field keys — {@code aws.sqs.queue|CLOUDTRAIL|attributes.VisibilityTimeout,tags.team}.
 * Incidents with the same signature are "similar". Deterministic, so every replica and every retry computes the same.
 */
public final class ChangeSignature {

    /** Longer key lists (many odd tags) are hashed: a DynamoDB key must stay small, and equality is all we need. */
    static final int MAX_PLAIN_LENGTH = 400;

    private ChangeSignature() {}

    public static String of(DriftDetected drift) {
        String keys = drift.diff().stream().map(FieldDiff::path).distinct().sorted().collect(Collectors.joining(","));
        if (keys.length() > MAX_PLAIN_LENGTH) {
            keys = "sha256:" + sha256(keys);
        }
        return drift.resource().type() + "|" + drift.trigger().kind() + "|" + keys;
    }

    /** Hex SHA-256 of the text's UTF-8 bytes. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
