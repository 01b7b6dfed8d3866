package io.homeostat.runtime.provider.sns;

import io.homeostat.runtime.provider.TagDiff;
import io.homeostat.runtime.provider.TagRules;
import io.homeostat.runtime.provider.Compensations;
import static io.homeostat.runtime.provider.sns.SnsTopicActions.ATTRIBUTE;
import static io.homeostat.runtime.provider.sns.SnsTopicActions.REGION;
import static io.homeostat.runtime.provider.sns.SnsTopicActions.TAG;
import static io.homeostat.runtime.provider.sns.SnsTopicActions.TOPIC_NAME;
import static io.homeostat.runtime.provider.sns.SnsTopicActions.UNTAG;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.provider.Values;
import io.homeostat.runtime.provider.sns.SnsTopicActions.CreateTopic;
import io.homeostat.runtime.provider.sns.SnsTopicActions.SetTopicAttributes;
import io.homeostat.runtime.provider.sns.SnsTopicActions.TagResource;
import io.homeostat.runtime.provider.sns.SnsTopicActions.UntagResource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ConcurrentAccessException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * {@code aws.sns.topic}: topic attributes and tags.
 *
 * <pre>
 * alerts-topic:
 *   type: aws.sns.topic
 *   name: alerts
 *   properties: {DisplayName: Alerts, TracingConfig: Active, SignatureVersion: 2}
 *   tags: {team: sre}
 * </pre>
 *
 * The topic's ARN is found by listing the region's topics (paginated), so observing never creates anything. JSON
 * attributes ({@code Policy}, {@code DeliveryPolicy}) compare canonically. Tags are authoritative ({@code aws:} tags
 * excepted).
 */
@Singleton
public final class SnsTopicProvider extends AbstractResourceProvider {

    /** Attributes a phase may declare; all settable by CreateTopic and SetTopicAttributes. */
    public static final Set<String> PROPERTIES = Set.of(
            "DisplayName", "Policy", "DeliveryPolicy", "KmsMasterKeyId", "TracingConfig", "SignatureVersion");
    private static final Set<String> JSON_ATTRIBUTES = Set.of("Policy", "DeliveryPolicy");
    public static final Set<String> TRACING_CONFIGS = Set.of("PassThrough", "Active");
    public static final Set<String> SIGNATURE_VERSIONS = Set.of("1", "2");

    private static final Pattern TOPIC_NAME_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,256}|[A-Za-z0-9_-]{1,251}\\.fifo");
    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern KMS_KEY = Pattern.compile(
            "[A-Za-z0-9-]{1,128}|alias/[A-Za-z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]{1,128}|alias/[A-Za-z0-9/_-]{1,250})");
    private static final int MAX_VALUE_LENGTH = 30_720;
    private static final int MAX_DISPLAY_NAME = 100;
    private static final int MAX_TAGS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TypeInfo INFO = new TypeInfo(SnsTopicActions.TYPE, "sns",
            List.of("sns:ListTopics", "sns:GetTopicAttributes", "sns:ListTagsForResource", "sns:CreateTopic",
                    "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"),
            List.of(SnsTopicActions.CREATE_TOPIC, SnsTopicActions.SET_TOPIC_ATTRIBUTES, SnsTopicActions.TAG_RESOURCE,
                    SnsTopicActions.UNTAG_RESOURCE));

    /**
     * Topic write calls; the name is {@code requestParameters.name} for CreateTopic, else the last segment of the topic
     * ARN in {@code topicArn} (or {@code resourceArn} for TagResource/UntagResource). AddPermission and RemovePermission
     * rewrite the Policy attribute.
     */
    public static final CloudTrailMapping CLOUDTRAIL = new CloudTrailMapping("sns.amazonaws.com",
            Set.of("CreateTopic", "DeleteTopic", "SetTopicAttributes", "TagResource", "UntagResource", "AddPermission", "RemovePermission"),
            (eventName, params) -> eventName.equals("CreateTopic")
                    ? CloudTrailMapping.text(params, "name", "Name")
                    : CloudTrailMapping.text(params, "topicArn", "TopicArn", "resourceArn", "ResourceArn").flatMap(SnsTopicProvider::topicName));


    public SnsTopicProvider(CloudClients clients, String defaultRegion) {
        super(clients, defaultRegion, INFO, CLOUDTRAIL);
    }

    @Inject
    public SnsTopicProvider(CloudClients clients, HomeostatConfig config) {
        this(clients, config.cloud().region());
    }

    /**
     * Checks what desired declares without any cloud call: the topic name, the region, attribute names and values,
     * and tags. Throws an {@link IllegalArgumentException} naming the problem. (Overrides
     * {@code ResourceProvider.validate} where the contract has it; observe and planRestore check the same.)
     */
    public void validate(DesiredResource desired) {
        spec(desired);
    }

    @Override
    public java.util.Optional<io.homeostat.runtime.provider.ResourceDiscovery> discovery() {
        return java.util.Optional.of(new SnsTopicDiscovery(this, clients));
    }

    @Override
    public Observation observe(DesiredResource desired) {
        Map<String, String> want = spec(desired);
        String name = desired.name();
        SnsClient sns = clients.sns(region(desired.region()));
        try {
            Optional<String> arn = findArn(sns, name);
            if (arn.isEmpty()) {
                return Observation.missing();
            }
            Map<String, String> attrs = sns.getTopicAttributes(b -> b.topicArn(arn.get())).attributes();
            Map<String, String> tags = new TreeMap<>();
            sns.listTagsForResource(b -> b.resourceArn(arn.get())).tags().forEach(t -> tags.put(t.key(), t.value()));

            Map<String, String> actual = new TreeMap<>();
            actual.put("attributes.TopicArn", arn.get());
            for (String attribute : PROPERTIES) {
                if (attrs.get(attribute) != null) {
                    actual.put("attributes." + attribute, live(attribute, attrs.get(attribute)));
                }
            }
            tags.forEach((k, v) -> actual.put("tags." + k, v));

            List<FieldDiff> diff = new ArrayList<>();
            want.forEach((attribute, value) -> {
                String raw = attrs.get(attribute);
                String have = raw == null ? "" : live(attribute, raw);
                if (!value.equals(have)) {
                    diff.add(new FieldDiff("attributes." + attribute, value, raw == null ? null : have));
                }
            });
            TagDiff.append(diff, desired.tags(), tags);
            return new Observation(true, diff, actual);
        } catch (NotFoundException | ResourceNotFoundException gone) {
            // Deleted between listing and reading.
            return Observation.missing();
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("observe " + SnsTopicActions.TYPE + " " + name, e);
        }
    }

    @Override
    public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
        if (observed.upToDate()) {
            return List.of();
        }
        Map<String, String> want = spec(desired);
        String region = region(desired.region());
        if (!observed.exists()) {
            Map<String, String> p = base(desired.name(), region);
            want.forEach((k, v) -> p.put(ATTRIBUTE + k, v));
            new TreeMap<>(desired.tags()).forEach((k, v) -> p.put(TAG + k, v));
            return List.of(new PlannedAction(1, SnsTopicActions.CREATE_TOPIC, p,
                    "re-create topic " + desired.name() + " with " + want.size() + " attribute(s) and " + desired.tags().size() + " tag(s)"));
        }
        Map<String, String> attributes = new TreeMap<>();
        for (FieldDiff d : observed.diff()) {
            if (d.path().startsWith("attributes.")) {
                String attribute = d.path().substring("attributes.".length());
                if (want.containsKey(attribute)) {
                    attributes.put(attribute, want.get(attribute));
                }
            }
        }
        List<PlannedAction> actions = new ArrayList<>();
        // SetTopicAttributes takes one attribute per call: one action each.
        attributes.forEach((attribute, value) -> {
            Map<String, String> p = base(desired.name(), region);
            p.put(ATTRIBUTE + attribute, value);
            actions.add(new PlannedAction(actions.size() + 1, SnsTopicActions.SET_TOPIC_ATTRIBUTES, p, "restore attribute " + attribute));
        });
        TagDiff.appendRestoreSteps(actions, observed.diff(), () -> base(desired.name(), region),
                TAG, UNTAG, SnsTopicActions.TAG_RESOURCE, SnsTopicActions.UNTAG_RESOURCE);
        return actions;
    }

    /** The attribute goes back to its observed value, tags are put back or removed again; a re-created topic stays. */
    @Override
    public PlannedAction compensation(DesiredResource desired, Observation observed, PlannedAction action) {
        return Compensations.attributesAndTags(action, observed, SnsTopicActions.SET_TOPIC_ATTRIBUTES, ATTRIBUTE,
                SnsTopicActions.TAG_RESOURCE, SnsTopicActions.UNTAG_RESOURCE, TAG, UNTAG);
    }

    @Override
    public TypedAction bind(PlannedAction action) {
        Map<String, String> p = action.parameters();
        String topicName = p.get(TOPIC_NAME);
        if (topicName == null || !TOPIC_NAME_PATTERN.matcher(topicName).matches()) {
            throw new InvalidActionException(action.action() + ": invalid or missing topicName '" + topicName + "'");
        }
        String region = p.getOrDefault(REGION, defaultRegion);
        if (region == null || !REGION_PATTERN.matcher(region).matches()) {
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
            if (key.equals(TOPIC_NAME) || key.equals(REGION)) {
                continue;
            } else if (key.startsWith(ATTRIBUTE) && PROPERTIES.contains(key.substring(ATTRIBUTE.length()))) {
                String attribute = key.substring(ATTRIBUTE.length());
                String why = valueProblem(attribute, value);
                if (why != null) {
                    throw new InvalidActionException(action.action() + ": parameter '" + key + "' is invalid: " + why);
                }
                attributes.put(attribute, value);
            } else if (key.startsWith(TAG) && TagRules.problem(key.substring(TAG.length()), value) == null) {
                tags.put(key.substring(TAG.length()), value);
            } else if (key.startsWith(UNTAG) && TagRules.problem(key.substring(UNTAG.length()), "") == null) {
                untag.add(key.substring(UNTAG.length()));
            } else {
                throw new InvalidActionException(action.action() + ": parameter '" + key + "' is not allowed; attributes allowed: "
                        + new TreeSet<>(PROPERTIES));
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidActionException(action.action() + ": " + tags.size() + " tags; a topic holds at most " + MAX_TAGS);
        }
        TypedAction bound = switch (action.action()) {
            case SnsTopicActions.CREATE_TOPIC -> untag.isEmpty() ? new CreateTopic(region, topicName, attributes, tags) : null;
            case SnsTopicActions.SET_TOPIC_ATTRIBUTES -> tags.isEmpty() && untag.isEmpty() && attributes.size() == 1
                    ? new SetTopicAttributes(region, topicName, attributes.keySet().iterator().next(), attributes.values().iterator().next())
                    : null;
            case SnsTopicActions.TAG_RESOURCE -> attributes.isEmpty() && untag.isEmpty() && !tags.isEmpty() ? new TagResource(region, topicName, tags) : null;
            case SnsTopicActions.UNTAG_RESOURCE -> attributes.isEmpty() && tags.isEmpty() && !untag.isEmpty()
                    ? new UntagResource(region, topicName, untag) : null;
            default -> throw new InvalidActionException("action '" + action.action() + "' is not in the catalogue of "
                    + SnsTopicActions.TYPE + ": " + INFO.actions());
        };
        if (bound == null) {
            throw new InvalidActionException(action.action() + ": parameters do not fit the action: " + p.keySet());
        }
        return bound;
    }

    @Override
    public String apply(TypedAction action) {
        try {
            if (action instanceof CreateTopic c) {
                SnsClient sns = clients.sns(c.region());
                Optional<String> existing = findArn(sns, c.topicName());
                if (existing.isEmpty()) {
                    Map<String, String> attributes = new TreeMap<>(c.attributes());
                    if (c.topicName().endsWith(".fifo")) {
                        attributes.put("FifoTopic", "true");
                    }
                    List<Tag> tags = tags(c.tags());
                    String arn = sns.createTopic(b -> b.name(c.topicName()).attributes(attributes).tags(tags)).topicArn();
                    return "topic " + arn + " created with " + c.attributes().keySet() + " and tags " + new TreeSet<>(c.tags().keySet());
                }
                // CreateTopic on an existing topic with other attributes fails in AWS; set them on the topic instead.
                String arn = existing.get();
                new TreeMap<>(c.attributes()).forEach((k, v) -> sns.setTopicAttributes(b -> b.topicArn(arn).attributeName(k).attributeValue(v)));
                if (!c.tags().isEmpty()) {
                    sns.tagResource(b -> b.resourceArn(arn).tags(tags(c.tags())));
                }
                return "topic " + arn + " already present; ensured " + c.attributes().keySet() + " and tags " + new TreeSet<>(c.tags().keySet());
            } else if (action instanceof SetTopicAttributes s) {
                SnsClient sns = clients.sns(s.region());
                String arn = requireArn(sns, action, s.topicName());
                sns.setTopicAttributes(b -> b.topicArn(arn).attributeName(s.attributeName()).attributeValue(s.attributeValue()));
                return "set " + s.attributeName() + " on " + s.topicName();
            } else if (action instanceof TagResource t) {
                SnsClient sns = clients.sns(t.region());
                String arn = requireArn(sns, action, t.topicName());
                sns.tagResource(b -> b.resourceArn(arn).tags(tags(t.tags())));
                return "tagged " + t.topicName() + " with " + new TreeSet<>(t.tags().keySet());
            } else if (action instanceof UntagResource u) {
                SnsClient sns = clients.sns(u.region());
                String arn = requireArn(sns, action, u.topicName());
                sns.untagResource(b -> b.resourceArn(arn).tagKeys(new TreeSet<>(u.tagKeys())));
                return "removed tags " + new TreeSet<>(u.tagKeys()) + " from " + u.topicName();
            }
            throw new InvalidActionException("not an " + SnsTopicActions.TYPE + " action: " + action.name());
        } catch (InvalidActionException | CloudCallException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(action.name(), e);
        }
    }

    /**
     * An apply failure: a topic deleted between plan and apply is not retryable (the verifier sees it and a new
     * incident re-creates it); SNS's {@code ConcurrentAccess} (another tag operation on the topic at the same time) is,
     * like throttling, 5xx and transport errors.
     */
    static CloudCallException failure(String doing, RuntimeException e) {
        if (e instanceof NotFoundException || e instanceof ResourceNotFoundException) {
            return new CloudCallException(doing + " failed: topic does not exist", false, e);
        }
        if (e instanceof ConcurrentAccessException) {
            return new CloudCallException(doing + " failed: a concurrent operation on the topic: " + e.getMessage(), true, e);
        }
        return CloudCallException.wrap(doing, e);
    }

    // ---- desired state ----

    /** Desired attributes as the values to compare and set; anything unmanageable is an IllegalArgumentException. */
    private Map<String, String> spec(DesiredResource desired) {
        String where = SnsTopicActions.TYPE + " " + desired.name();
        if (desired.name() == null || !TOPIC_NAME_PATTERN.matcher(desired.name()).matches()) {
            throw new IllegalArgumentException(where + ": invalid topic name (1 to 256 of A-Z a-z 0-9 _ -, optionally ending in .fifo)");
        }
        String region = region(desired.region());
        if (region == null || !REGION_PATTERN.matcher(region).matches()) {
            throw new IllegalArgumentException(where + ": invalid region '" + region + "'");
        }
        Map<String, String> want = new TreeMap<>();
        new TreeMap<>(desired.properties()).forEach((attribute, value) -> {
            if (!PROPERTIES.contains(attribute)) {
                throw new IllegalArgumentException(where + ": unknown property '" + attribute + "'; allowed: " + new TreeSet<>(PROPERTIES));
            }
            String v = desiredValue(attribute, value);
            String why = valueProblem(attribute, v);
            if (why != null) {
                throw new IllegalArgumentException(where + ": " + attribute + ": " + why);
            }
            want.put(attribute, v);
        });
        if (desired.tags().size() > MAX_TAGS) {
            throw new IllegalArgumentException(where + ": " + desired.tags().size() + " tags; a topic holds at most " + MAX_TAGS);
        }
        desired.tags().forEach((k, v) -> {
            String why = TagRules.problem(k, v);
            if (why != null) {
                throw new IllegalArgumentException(where + ": tag '" + k + "': " + why);
            }
        });
        return want;
    }

    /**
     * A desired value as text to compare and set. JSON documents become canonical JSON; SignatureVersion is numeric;
     * free text (DisplayName, KmsMasterKeyId) stays as written, since {@link Values#normalize} would turn "007" into "7".
     */
    static String desiredValue(String attribute, Object value) {
        if (value == null) {
            return "";
        }
        if (JSON_ATTRIBUTES.contains(attribute) || attribute.equals("SignatureVersion") || value instanceof Number) {
            return value instanceof String s && s.isBlank() ? "" : Values.normalize(value);
        }
        return value.toString().trim();
    }

    /** A live value in the same form as {@link #desiredValue}. */
    static String live(String attribute, String raw) {
        if (raw.isBlank()) {
            return "";
        }
        if (JSON_ATTRIBUTES.contains(attribute) || attribute.equals("SignatureVersion")) {
            return Values.normalize(raw);
        }
        return raw;
    }

    /** Why {@code value} cannot be set as {@code attribute}, or {@code null}. */
    static String valueProblem(String attribute, String value) {
        switch (attribute) {
            case "DisplayName" -> {
                if (value.length() > MAX_DISPLAY_NAME || value.chars().anyMatch(Character::isISOControl)) {
                    return "at most " + MAX_DISPLAY_NAME + " characters, no control characters";
                }
            }
            case "Policy", "DeliveryPolicy" -> {
                if (value.isEmpty() && attribute.equals("DeliveryPolicy")) {
                    return null;
                }
                try {
                    if (!JSON.readTree(value).isObject()) {
                        return "must be a JSON object";
                    }
                } catch (JsonProcessingException e) {
                    return "must be a JSON object (" + e.getOriginalMessage() + ")";
                }
            }
            case "KmsMasterKeyId" -> {
                if (!value.isEmpty() && !KMS_KEY.matcher(value).matches()) {
                    return "invalid KMS key '" + value + "' (a key id, alias/<name>, a key or alias ARN, or empty for none)";
                }
            }
            case "TracingConfig" -> {
                if (!TRACING_CONFIGS.contains(value)) {
                    return "must be one of " + new TreeSet<>(TRACING_CONFIGS) + ", was '" + value + "'";
                }
            }
            case "SignatureVersion" -> {
                if (!SIGNATURE_VERSIONS.contains(value)) {
                    return "must be one of " + new TreeSet<>(SIGNATURE_VERSIONS) + ", was '" + value + "'";
                }
            }
            default -> {
                return "not a managed attribute";
            }
        }
        return null;
    }

    // ---- live state ----

    /** The topic's ARN, found by listing the region's topics (every page); never creates. */
    private static Optional<String> findArn(SnsClient sns, String name) {
        for (Topic t : sns.listTopicsPaginator(b -> {}).topics()) {
            if (topicName(t.topicArn()).filter(name::equals).isPresent()) {
                return Optional.of(t.topicArn());
            }
        }
        return Optional.empty();
    }

    private static String requireArn(SnsClient sns, TypedAction action, String name) {
        return findArn(sns, name).orElseThrow(() -> new CloudCallException(action.name() + " failed: topic " + name + " does not exist", false, null));
    }

    /** The topic name in a topic ARN {@code arn:<partition>:sns:<region>:<account>:<name>}; nothing for any other text. */
    static Optional<String> topicName(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", -1);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sns") || parts[5].isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parts[5]);
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return new TreeMap<>(tags).entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static Map<String, String> base(String topic, String region) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(TOPIC_NAME, topic);
        p.put(REGION, region);
        return p;
    }

}
