package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.n;
import static io.homeostat.runtime.store.Attrs.s;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Per log source and error pattern: counts per time bucket and the pattern's baseline (an exponentially weighted mean
 * and variance of its count per bucket), in one table keyed {@code id}:
 *
 * <ul>
 *   <li>{@code c|<source>|<patternId>|<bucket>}: the bucket's count (atomic ADD, so every replica's ingest adds up)
 *       and up to {@link #MAX_SAMPLES} sample lines; expires after {@code retention};</li>
 *   <li>{@code b|<source>|<patternId>}: the pattern's template, baseline and the last bucket folded into it;</li>
 *   <li>{@code s|<source>}: the first bucket the source was seen in (for the warm-up).</li>
 * </ul>
 *
 * A bucket is folded into a baseline by a write conditional on the previous {@code lastBucket}, committed with
 * whatever incident it raises: of several detector replicas exactly one folds each bucket.
 */
public final class LogBaselines {

    static final String KEY = "id";
    public static final int MAX_SAMPLES = 3;

    /** A pattern's baseline before {@code lastBucket + 1}. */
    public record Baseline(String source, String patternId, String pattern, double mean, double variance, long buckets, long lastBucket) {}

    /** One closed bucket's count and sample lines. */
    public record BucketCount(long count, List<String> samples) {}

    /** Aliases for every baseline attribute: several (variance, source) are DynamoDB reserved words. */
    private static final Map<String, String> NAMES = Map.of("#src", "source", "#pid", "pid", "#p", "pattern", "#m", "mean",
            "#var", "variance", "#n", "buckets", "#last", "lastBucket");

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final long retentionSeconds;

    public LogBaselines(DynamoDbClient dynamo, String table, Clock clock, long retentionSeconds) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retentionSeconds = retentionSeconds;
    }

    /**
     * Adds {@code count} occurrences of a pattern in {@code bucket}, keeps a few samples, and makes sure the pattern
     * has a baseline (starting at zero just before this bucket: a pattern not seen before occurred 0 times).
     */
    public void add(String source, String patternId, String pattern, long bucket, long count, List<String> samples) {
        long expires = clock.millis() / 1000 + retentionSeconds;
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(countId(source, patternId, bucket))))
                .updateExpression("ADD #c :c SET expiresAt = :e")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":c", n(count), ":e", n(expires))));
        if (!samples.isEmpty()) {
            try {
                dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(countId(source, patternId, bucket))))
                        .updateExpression("SET samples = list_append(if_not_exists(samples, :none), :s)")
                        .conditionExpression("attribute_not_exists(samples) OR size(samples) < :max")
                        .expressionAttributeValues(Map.of(":none", AttributeValue.fromL(List.of()),
                                ":s", AttributeValue.fromL(samples.stream().limit(MAX_SAMPLES).map(Attrs::s).toList()),
                                ":max", n(MAX_SAMPLES))));
            } catch (ConditionalCheckFailedException enough) {
                // This bucket has its samples already.
            }
        }
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(baselineId(source, patternId))))
                .updateExpression("SET #src = if_not_exists(#src, :src), #pid = if_not_exists(#pid, :pid), #p = if_not_exists(#p, :p),"
                        + " #m = if_not_exists(#m, :zero), #var = if_not_exists(#var, :zero),"
                        + " #n = if_not_exists(#n, :zero), #last = if_not_exists(#last, :before)")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":src", s(source), ":pid", s(patternId), ":p", s(pattern), ":zero", n(0),
                        ":before", n(bucket - 1))));
    }

    /** Notes that {@code source} sent logs in {@code bucket}; the first such bucket starts its warm-up. */
    public void sourceSeen(String source, long bucket) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, s("s|" + source)))
                .updateExpression("SET firstBucket = if_not_exists(firstBucket, :b)")
                .expressionAttributeValues(Map.of(":b", n(bucket))));
    }

    /** Every pattern's baseline (a scan: patterns are few — templates, not lines). */
    public List<Baseline> baselines() {
        List<Baseline> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                        .filterExpression("begins_with(#k, :b)").expressionAttributeNames(Map.of("#k", KEY))
                        .expressionAttributeValues(Map.of(":b", s("b|"))))
                .items()
                .forEach(i -> out.add(new Baseline(i.get("source").s(), i.get("pid").s(), i.get("pattern").s(),
                        Double.parseDouble(i.get("mean").n()), Double.parseDouble(i.get("variance").n()),
                        Long.parseLong(i.get("buckets").n()), Long.parseLong(i.get("lastBucket").n()))));
        return out;
    }

    public BucketCount count(String source, String patternId, long bucket) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(KEY, s(countId(source, patternId, bucket))))).item();
        if (item == null || item.isEmpty()) {
            return new BucketCount(0, List.of());
        }
        return new BucketCount(Attrs.num(item, "count", 0), Attrs.strings(item, "samples"));
    }

    /** The first bucket the source was seen in, if ever. */
    public Optional<Long> firstBucket(String source) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(KEY, s("s|" + source)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Attrs.num(item, "firstBucket", 0));
    }

    /** Folds {@code bucket} into the baseline: only if nobody else has ({@code lastBucket} is still what was read). */
    public TransactWriteItem advance(Baseline before, long bucket, double mean, double variance) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":prev", n(before.lastBucket()));
        values.put(":b", n(bucket));
        values.put(":m", AttributeValue.fromN(Double.toString(mean)));
        values.put(":v", AttributeValue.fromN(Double.toString(variance)));
        values.put(":one", n(1));
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of(KEY, s(baselineId(before.source(), before.patternId()))))
                .updateExpression("SET #last = :b, #m = :m, #var = :v, #n = #n + :one")
                .conditionExpression("#last = :prev")
                .expressionAttributeNames(Map.of("#last", "lastBucket", "#m", "mean", "#var", "variance", "#n", "buckets"))
                .expressionAttributeValues(values)).build();
    }

    private static String countId(String source, String patternId, long bucket) {
        return "c|" + source + "|" + patternId + "|" + bucket;
    }

    private static String baselineId(String source, String patternId) {
        return "b|" + source + "|" + patternId;
    }
}
