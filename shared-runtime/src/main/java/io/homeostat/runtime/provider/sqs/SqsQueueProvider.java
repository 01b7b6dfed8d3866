package io.homeostat.runtime.provider.sqs;

import io.homeostat.runtime.provider.TagDiff;
import io.homeostat.runtime.provider.Compensations;
import static io.homeostat.runtime.provider.sqs.SqsQueueActions.ATTRIBUTE;
import static io.homeostat.runtime.provider.sqs.SqsQueueActions.QUEUE_NAME;
import static io.homeostat.runtime.provider.sqs.SqsQueueActions.REGION;
import static io.homeostat.runtime.provider.sqs.SqsQueueActions.TAG;
import static io.homeostat.runtime.provider.sqs.SqsQueueActions.UNTAG;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.AbstractResourceProvider;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.CloudTrailMapping;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.provider.Values;
import io.homeostat.runtime.provider.sqs.SqsQueueActions.CreateQueue;
import io.homeostat.runtime.provider.sqs.SqsQueueActions.SetQueueAttributes;
import io.homeostat.runtime.provider.sqs.SqsQueueActions.TagQueue;
import io.homeostat.runtime.provider.sqs.SqsQueueActions.UntagQueue;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@code aws.sqs.queue}: queue attributes and tags.
 *
 * <pre>
 * orders-queue:
 *   type: aws.sqs.queue
 *   name: orders
 *   properties: {VisibilityTimeout: 30, DelaySeconds: 0}
 *   tags: {team: payments}
 * </pre>
 *
 * Tags are authoritative: a tag on the queue that desired does not declare is drift (AWS-reserved {@code aws:} tags
 * excepted, which nobody can remove).
 */
@Singleton
public final class SqsQueueProvider extends AbstractResourceProvider {

    /** Attributes a phase may declare; all settable by SetQueueAttributes or CreateQueue. */
    public static final Set<String> ATTRIBUTES = Set.of(
            "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds",
            "VisibilityTimeout", "RedrivePolicy", "RedriveAllowPolicy", "Policy", "KmsMasterKeyId",
            "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication",
            "DeduplicationScope", "FifoThroughputLimit");

    /**
     * Whole-number attributes and the range SQS accepts (its API reference), so a phase file says
     * {@code VisibilityTimeout: ninety} is wrong when it is validated, not when a repair calls SQS.
     */
    private static final Map<String, long[]> WHOLE_NUMBERS = Map.of(
            "DelaySeconds", new long[] {0, 900},
            "MaximumMessageSize", new long[] {1_024, 1_048_576}, // 1 MiB since August 2025 (was 256 KiB)
            "MessageRetentionPeriod", new long[] {60, 1_209_600},
            "ReceiveMessageWaitTimeSeconds", new long[] {0, 20},
            "VisibilityTimeout", new long[] {0, 43_200},
            "KmsDataKeyReusePeriodSeconds", new long[] {60, 86_400});

    /** Attributes that are {@code true} or {@code false}. */
    private static final Set<String> BOOLEANS = Set.of("SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication");

    /** Attributes that hold a JSON document and may be written as a YAML map; the others are scalars. */
    private static final Set<String> JSON_ATTRIBUTES = Set.of("RedrivePolicy", "RedriveAllowPolicy", "Policy");

    private static final Pattern QUEUE_NAME_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,80}(\\.fifo)?");
    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final int MAX_VALUE_LENGTH = 20_480;
    private static final TypeInfo INFO = new TypeInfo(SqsQueueActions.TYPE, "sqs",
            List.of("sqs:ListQueues", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:ListQueueTags", "sqs:CreateQueue",
                    "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"),
            List.of(SqsQueueActions.CREATE_QUEUE, SqsQueueActions.SET_QUEUE_ATTRIBUTES, SqsQueueActions.TAG_QUEUE,
                    SqsQueueActions.UNTAG_QUEUE));

    /** Queue write calls; the name comes from {@code queueUrl} (its last path segment) or {@code queueName}. */
    public static final CloudTrailMapping CLOUDTRAIL = new CloudTrailMapping("sqs.amazonaws.com",
            Set.of("CreateQueue", "DeleteQueue", "SetQueueAttributes", "TagQueue", "UntagQueue", "AddPermission", "RemovePermission"),
            (eventName, params) -> CloudTrailMapping.text(params, "queueUrl", "QueueUrl")
                    .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                    .map(url -> url.substring(url.lastIndexOf('/') + 1))
                    .or(() -> CloudTrailMapping.text(params, "queueName", "QueueName")));


    public SqsQueueProvider(CloudClients clients, String defaultRegion) {
        super(clients, defaultRegion, INFO, CLOUDTRAIL);
    }

    @Inject
    public SqsQueueProvider(CloudClients clients, HomeostatConfig config) {
        this(clients, config.cloud().region());
    }

    /**
     * Property names must be queue attributes ({@link #ATTRIBUTES}), with a value: a scalar, or for the JSON
     * attributes (policies) a map or JSON text. Whole-number attributes must be within SQS's range and the flags
     * {@code true}/{@code false}; other values (policies, KMS key ids, FIFO modes) are left to SQS. Tag keys are
     * 1-128 characters without the reserved {@code aws:} prefix, values up to 256.
     */
    @Override
    public void validate(DesiredResource desired) {
        String what = SqsQueueActions.TYPE + " " + desired.name() + ": ";
        for (String name : new TreeSet<>(desired.properties().keySet())) {
            if (!ATTRIBUTES.contains(name)) {
                throw new IllegalArgumentException(what + "unknown property '" + name + "'; allowed: " + new TreeSet<>(ATTRIBUTES));
            }
            Object value = desired.properties().get(name);
            if (value == null) {
                throw new IllegalArgumentException(what + "property " + name + " has no value");
            }
            if (!JSON_ATTRIBUTES.contains(name) && (value instanceof Map<?, ?> || value instanceof Collection<?>)) {
                throw new IllegalArgumentException(what + "property " + name + " must be a single value (a number, text or "
                        + "boolean), not " + value);
            }
            if (Values.normalize(value).length() > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException(what + "property " + name + " is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            String problem = valueProblem(name, Values.normalize(value));
            if (problem != null) {
                throw new IllegalArgumentException(what + "property " + name + " " + problem);
            }
        }
        for (Map.Entry<String, String> tag : new TreeMap<>(desired.tags()).entrySet()) {
            if (!validTagKey(tag.getKey())) {
                throw new IllegalArgumentException(what + "tag key '" + tag.getKey() + "' must be 1-128 characters and not start with aws:");
            }
            if (tag.getValue() != null && tag.getValue().length() > 256) {
                throw new IllegalArgumentException(what + "tag '" + tag.getKey() + "' has a value longer than 256 characters");
            }
        }
    }

    /** What is wrong with {@code value} for attribute {@code name}, or {@code null}. */
    private static String valueProblem(String name, String value) {
        long[] range = WHOLE_NUMBERS.get(name);
        if (range != null) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return "must be a whole number from " + range[0] + " to " + range[1] + ", not '" + value + "'";
            }
            return n < range[0] || n > range[1] ? "must be from " + range[0] + " to " + range[1] + ", not " + n : null;
        }
        if (BOOLEANS.contains(name) && !value.equals("true") && !value.equals("false")) {
            return "must be true or false, not '" + value + "'";
        }
        return null;
    }

    @Override
    public java.util.Optional<io.homeostat.runtime.provider.ResourceDiscovery> discovery() {
        return java.util.Optional.of(new SqsQueueDiscovery(this, clients));
    }

    @Override
    public Observation observe(DesiredResource desired) {
        SqsClient sqs = clients.sqs(region(desired.region()));
        try {
            String url = sqs.getQueueUrl(b -> b.queueName(desired.name())).queueUrl();
            Map<String, String> attrs = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
            Map<String, String> tags = sqs.listQueueTags(b -> b.queueUrl(url)).tags();
            Map<String, String> actual = new TreeMap<>();
            attrs.forEach((k, v) -> actual.put("attributes." + k, Values.normalize(v)));
            tags.forEach((k, v) -> actual.put("tags." + k, v));

            List<FieldDiff> diff = new ArrayList<>();
            new TreeMap<>(desired.properties()).forEach((name, value) -> {
                String want = Values.normalize(value);
                String have = Values.normalize(attrs.get(name));
                if (!want.equals(have)) {
                    diff.add(new FieldDiff("attributes." + name, want, have));
                }
            });
            TagDiff.append(diff, desired.tags(), tags);
            return new Observation(true, diff, actual);
        } catch (QueueDoesNotExistException gone) {
            return Observation.missing();
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("observe " + SqsQueueActions.TYPE + " " + desired.name(), e);
        }
    }

    @Override
    public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
        if (observed.upToDate()) {
            return List.of();
        }
        if (!observed.exists()) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put(QUEUE_NAME, desired.name());
            p.put(REGION, region(desired.region()));
            new TreeMap<>(desired.properties()).forEach((k, v) -> p.put(ATTRIBUTE + k, Values.normalize(v)));
            new TreeMap<>(desired.tags()).forEach((k, v) -> p.put(TAG + k, v));
            return List.of(new PlannedAction(1, SqsQueueActions.CREATE_QUEUE, p,
                    "re-create queue " + desired.name() + " with " + desired.properties().size() + " attribute(s) and "
                            + desired.tags().size() + " tag(s)"));
        }
        Map<String, String> attributes = new TreeMap<>();
        for (FieldDiff d : observed.diff()) {
            if (d.path().startsWith("attributes.")) {
                attributes.put(d.path().substring("attributes.".length()), d.desired());
            }
        }
        List<PlannedAction> actions = new ArrayList<>();
        if (!attributes.isEmpty()) {
            Map<String, String> p = new LinkedHashMap<>(Map.of(QUEUE_NAME, desired.name(), REGION, region(desired.region())));
            attributes.forEach((k, v) -> p.put(ATTRIBUTE + k, v));
            actions.add(new PlannedAction(actions.size() + 1, SqsQueueActions.SET_QUEUE_ATTRIBUTES, p,
                    "restore attribute(s) " + attributes.keySet()));
        }
        TagDiff.appendRestoreSteps(actions, observed.diff(), () -> new LinkedHashMap<>(Map.of(QUEUE_NAME, desired.name(), REGION, region(desired.region()))),
                TAG, UNTAG, SqsQueueActions.TAG_QUEUE, SqsQueueActions.UNTAG_QUEUE);
        return actions;
    }

    /**
     * Attributes go back to their observed values, tags are put back or removed again; re-creating a queue is never
     * undone (deleting it would lose its messages).
     */
    @Override
    public PlannedAction compensation(DesiredResource desired, Observation observed, PlannedAction action) {
        return Compensations.attributesAndTags(action, observed, SqsQueueActions.SET_QUEUE_ATTRIBUTES, ATTRIBUTE,
                SqsQueueActions.TAG_QUEUE, SqsQueueActions.UNTAG_QUEUE, TAG, UNTAG);
    }

    @Override
    public TypedAction bind(PlannedAction action) {
        Map<String, String> p = action.parameters();
        String queueName = p.get(QUEUE_NAME);
        if (queueName == null || !QUEUE_NAME_PATTERN.matcher(queueName).matches()) {
            throw new InvalidActionException(action.action() + ": invalid or missing queueName '" + queueName + "'");
        }
        String region = p.getOrDefault(REGION, defaultRegion);
        if (!REGION_PATTERN.matcher(region).matches()) {
            throw new InvalidActionException(action.action() + ": invalid region '" + region + "'");
        }
        Map<String, String> attributes = new TreeMap<>();
        Map<String, String> tags = new TreeMap<>();
        Set<String> untag = new TreeSet<>();
        for (Map.Entry<String, String> e : p.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (value.length() > MAX_VALUE_LENGTH) {
                throw new InvalidActionException(action.action() + ": parameter " + key + " is too long");
            }
            if (key.equals(QUEUE_NAME) || key.equals(REGION)) {
                continue;
            } else if (key.startsWith(ATTRIBUTE) && ATTRIBUTES.contains(key.substring(ATTRIBUTE.length()))) {
                attributes.put(key.substring(ATTRIBUTE.length()), value);
            } else if (key.startsWith(TAG) && validTagKey(key.substring(TAG.length())) && value.length() <= 256) {
                tags.put(key.substring(TAG.length()), value);
            } else if (key.startsWith(UNTAG) && validTagKey(key.substring(UNTAG.length()))) {
                untag.add(key.substring(UNTAG.length()));
            } else {
                throw new InvalidActionException(action.action() + ": parameter '" + key + "' is not allowed; attributes allowed: "
                        + new TreeSet<>(ATTRIBUTES));
            }
        }
        TypedAction bound = switch (action.action()) {
            case SqsQueueActions.CREATE_QUEUE -> untag.isEmpty() ? new CreateQueue(region, queueName, attributes, tags) : null;
            case SqsQueueActions.SET_QUEUE_ATTRIBUTES -> tags.isEmpty() && untag.isEmpty() && !attributes.isEmpty()
                    ? new SetQueueAttributes(region, queueName, attributes) : null;
            case SqsQueueActions.TAG_QUEUE -> attributes.isEmpty() && untag.isEmpty() && !tags.isEmpty() ? new TagQueue(region, queueName, tags) : null;
            case SqsQueueActions.UNTAG_QUEUE -> attributes.isEmpty() && tags.isEmpty() && !untag.isEmpty() ? new UntagQueue(region, queueName, untag) : null;
            default -> throw new InvalidActionException("action '" + action.action() + "' is not in the catalogue of "
                    + SqsQueueActions.TYPE + ": " + INFO.actions());
        };
        if (bound == null) {
            throw new InvalidActionException(action.action() + ": parameters do not fit the action: " + p.keySet());
        }
        return bound;
    }

    @Override
    public String apply(TypedAction action) {
        try {
            if (action instanceof CreateQueue c) {
                SqsClient sqs = clients.sqs(c.region());
                String url = sqs.createQueue(b -> b.queueName(c.queueName()).attributesWithStrings(c.attributes()).tags(c.tags())).queueUrl();
                // CreateQueue on an existing queue with other attributes fails in AWS; make sure they hold anyway.
                if (!c.attributes().isEmpty()) {
                    sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(c.attributes()));
                }
                if (!c.tags().isEmpty()) {
                    sqs.tagQueue(b -> b.queueUrl(url).tags(c.tags()));
                }
                return "queue " + c.queueName() + " present with " + c.attributes().keySet() + " and tags " + c.tags().keySet();
            } else if (action instanceof SetQueueAttributes s) {
                SqsClient sqs = clients.sqs(s.region());
                String url = sqs.getQueueUrl(b -> b.queueName(s.queueName())).queueUrl();
                sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(s.attributes()));
                return "set " + s.attributes().keySet() + " on " + s.queueName();
            } else if (action instanceof TagQueue t) {
                SqsClient sqs = clients.sqs(t.region());
                String url = sqs.getQueueUrl(b -> b.queueName(t.queueName())).queueUrl();
                sqs.tagQueue(b -> b.queueUrl(url).tags(t.tags()));
                return "tagged " + t.queueName() + " with " + t.tags().keySet();
            } else if (action instanceof UntagQueue u) {
                SqsClient sqs = clients.sqs(u.region());
                String url = sqs.getQueueUrl(b -> b.queueName(u.queueName())).queueUrl();
                sqs.untagQueue(b -> b.queueUrl(url).tagKeys(u.tagKeys()));
                return "removed tags " + u.tagKeys() + " from " + u.queueName();
            }
            throw new InvalidActionException("not an " + SqsQueueActions.TYPE + " action: " + action.name());
        } catch (QueueDoesNotExistException gone) {
            // Deleted between plan and apply: the verifier will see it and a new incident re-creates it.
            throw new CloudCallException(action.name() + " failed: queue does not exist", false, gone);
        } catch (InvalidActionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CloudCallException.wrap(action.name(), e);
        }
    }


    private static boolean validTagKey(String key) {
        return !key.isEmpty() && key.length() <= 128 && !key.startsWith("aws:");
    }
}
