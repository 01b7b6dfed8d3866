package io.homeostat.runtime.provider.ssm;

import io.homeostat.runtime.provider.TagDiff;
import io.homeostat.runtime.provider.TagRules;
import io.homeostat.runtime.provider.Compensations;
import static io.homeostat.runtime.provider.ssm.SsmParameterActions.DATA_TYPE;
import static io.homeostat.runtime.provider.ssm.SsmParameterActions.DESCRIPTION;
import static io.homeostat.runtime.provider.ssm.SsmParameterActions.NAME;
import static io.homeostat.runtime.provider.ssm.SsmParameterActions.PARAMETER_TYPE;
import static io.homeostat.runtime.provider.ssm.SsmParameterActions.REGION;
import static io.homeostat.runtime.provider.ssm.SsmParameterActions.TAG;
import static io.homeostat.runtime.provider.ssm.SsmParameterActions.UNTAG;
import static io.homeostat.runtime.provider.ssm.SsmParameterActions.VALUE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.provider.Values;
import io.homeostat.runtime.provider.ssm.SsmParameterActions.AddTagsToResource;
import io.homeostat.runtime.provider.ssm.SsmParameterActions.PutParameter;
import io.homeostat.runtime.provider.ssm.SsmParameterActions.RemoveTagsFromResource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * {@code aws.ssm.parameter}: a Parameter Store parameter's type, value, description, data type and tags.
 *
 * <pre>
 * db-password:
 *   type: aws.ssm.parameter
 *   name: /orders/db/password
 *   properties: {Type: SecureString, Value: "…", Description: orders database password}
 *   tags: {team: payments}
 * </pre>
 *
 * A SecureString's value is read decrypted and compared, but never shown: {@code actual} and diffs carry
 * {@value #SECRET} instead. Tags are authoritative ({@code aws:} tags excepted).
 */
@Singleton
public final class SsmParameterProvider extends AbstractResourceProvider {

    /** Properties a phase may declare. */
    public static final Set<String> PROPERTIES = Set.of("Type", "Value", "Description", "DataType");
    public static final Set<String> TYPES = Set.of("String", "StringList", "SecureString");
    public static final Set<String> DATA_TYPES = Set.of("text", "aws:ec2:image", "aws:ssm:integration");
    /** What a SecureString value is shown as. */
    public static final String SECRET = "(secret)";

    private static final Pattern NAME_PATTERN = Pattern.compile("(/[A-Za-z0-9_.-]+)+|[A-Za-z0-9_.-]+");
    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NAME_LENGTH = 1011;
    private static final int MAX_LEVELS = 15;
    private static final int MAX_VALUE_LENGTH = 8192;
    private static final int MAX_DESCRIPTION_LENGTH = 1024;
    private static final TypeInfo INFO = new TypeInfo(SsmParameterActions.TYPE, "ssm",
            List.of("ssm:GetParameter", "ssm:DescribeParameters", "ssm:ListTagsForResource", "ssm:PutParameter",
                    "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "kms:Decrypt", "kms:Encrypt"),
            List.of(SsmParameterActions.PUT_PARAMETER, SsmParameterActions.ADD_TAGS, SsmParameterActions.REMOVE_TAGS));

    /**
     * Parameter write calls; the name is {@code name}, every one of {@code names} (DeleteParameters), or
     * {@code resourceId} when tagging a {@code Parameter}.
     */
    public static final CloudTrailMapping CLOUDTRAIL = CloudTrailMapping.ofNames("ssm.amazonaws.com",
            Set.of("PutParameter", "DeleteParameter", "DeleteParameters", "LabelParameterVersion", "UnlabelParameterVersion",
                    "AddTagsToResource", "RemoveTagsFromResource"),
            SsmParameterProvider::cloudTrailNames);


    public SsmParameterProvider(CloudClients clients, String defaultRegion) {
        super(clients, defaultRegion, INFO, CLOUDTRAIL);
    }

    @Inject
    public SsmParameterProvider(CloudClients clients, HomeostatConfig config) {
        this(clients, config.cloud().region());
    }

    // ------------------------------------------------------------------ desired

    /**
     * Properties must be {@link #PROPERTIES} with a {@code Value}; Type and DataType from their enums; the name a
     * valid parameter name; tags within SSM's limits and characters. No cloud call.
     */
    @Override
    public void validate(DesiredResource desired) {
        spec(desired);
    }

    /** The declared properties, validated; null = not declared (Value is required). */
    record Spec(String type, String value, String description, String dataType) {}

    static Spec spec(DesiredResource desired) {
        String what = SsmParameterActions.TYPE + " " + desired.name();
        Set<String> unknown = new TreeSet<>(desired.properties().keySet());
        unknown.removeAll(PROPERTIES);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + ": unknown propert" + (unknown.size() == 1 ? "y " : "ies ") + unknown
                    + "; allowed: " + new TreeSet<>(PROPERTIES));
        }
        String nameProblem = nameProblem(desired.name());
        if (nameProblem != null) {
            throw new IllegalArgumentException(SsmParameterActions.TYPE + ": invalid parameter name '" + desired.name() + "': " + nameProblem);
        }
        String type = scalar(desired.properties().get("Type"));
        if (type != null && !TYPES.contains(type)) {
            throw new IllegalArgumentException(what + ": Type '" + type + "' is not one of " + new TreeSet<>(TYPES));
        }
        String dataType = scalar(desired.properties().get("DataType"));
        if (dataType != null && !DATA_TYPES.contains(dataType)) {
            throw new IllegalArgumentException(what + ": DataType '" + dataType + "' is not one of " + new TreeSet<>(DATA_TYPES));
        }
        Object d = desired.properties().get("Description");
        if (d instanceof Map<?, ?> || d instanceof Collection<?>) {
            throw new IllegalArgumentException(what + ": Description must be text, not " + d);
        }
        String description = scalar(d);
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException(what + ": Description is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        Object v = desired.properties().get("Value");
        if (v == null) {
            throw new IllegalArgumentException(what + ": Value is required (PutParameter cannot write a parameter without one)");
        }
        String value;
        if (v instanceof Collection<?> items) {
            if (!"StringList".equals(type)) {
                throw new IllegalArgumentException(what + ": a list Value needs Type: StringList");
            }
            List<String> parts = new ArrayList<>();
            for (Object item : items) {
                String s = item instanceof Collection<?> || item instanceof Map<?, ?> ? null : scalar(item);
                if (s == null || s.isEmpty() || s.contains(",")) {
                    throw new IllegalArgumentException(what + ": StringList items must be non-empty scalars without commas, got: " + item);
                }
                parts.add(s);
            }
            value = String.join(",", parts);
        } else if (v instanceof Map<?, ?>) {
            value = Values.normalize(v); // a YAML map is stored as canonical JSON
        } else {
            value = scalar(v);
        }
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(what + ": Value must be 1-" + MAX_VALUE_LENGTH + " characters");
        }
        for (Map.Entry<String, String> tag : new TreeMap<>(desired.tags()).entrySet()) {
            if (!validTagKey(tag.getKey()) || tag.getValue() == null || !validTagValue(tag.getValue())) {
                throw new IllegalArgumentException(what + ": tag '" + tag.getKey() + "' needs a key of 1-128 and a value of up to 256 "
                        + "letters, digits, spaces and _.:/=+-@ (keys not starting with aws:)");
            }
        }
        return new Spec(type, value, description, dataType);
    }

    /** A scalar's string form: numbers without trailing zeros (30.0 → "30"), everything else as written. */
    private static String scalar(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof Number ? Values.normalize(v) : v.toString();
    }

    /**
     * Whether two parameter values mean the same. A value is an opaque string to whoever reads it ({@code 007} is not
     * {@code 7}), so strings compare exactly; only JSON documents compare canonically (key order, whitespace).
     */
    static boolean sameValue(String desired, String actual) {
        if (desired == null || actual == null) {
            return desired == actual;
        }
        if (desired.equals(actual)) {
            return true;
        }
        String d = desired.trim();
        String a = actual.trim();
        if ((d.startsWith("{") || d.startsWith("[")) && (a.startsWith("{") || a.startsWith("["))) {
            try {
                return Values.normalize(JSON.readValue(d, Object.class)).equals(Values.normalize(JSON.readValue(a, Object.class)));
            } catch (JsonProcessingException notJson) {
                return false;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ observe

    @Override
    public java.util.Optional<io.homeostat.runtime.provider.ResourceDiscovery> discovery() {
        return java.util.Optional.of(new SsmParameterDiscovery(clients));
    }

    @Override
    public Observation observe(DesiredResource desired) {
        Spec spec = spec(desired);
        String name = desired.name();
        SsmClient ssm = clients.ssm(region(desired.region()));
        try {
            Parameter p = ssm.getParameter(b -> b.name(name).withDecryption(true)).parameter();
            ParameterMetadata meta = ssm.describeParameters(b -> b.parameterFilters(
                            ParameterStringFilter.builder().key("Name").option("Equals").values(name).build()))
                    .parameters().stream().filter(m -> name.equals(m.name())).findFirst().orElse(null);
            Map<String, String> tags = new TreeMap<>();
            ssm.listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)).tagList()
                    .forEach(t -> tags.put(t.key(), t.value()));

            String type = p.typeAsString();
            boolean secret = "SecureString".equals(type) || "SecureString".equals(spec.type());
            String description = meta == null || meta.description() == null ? "" : meta.description();
            String dataType = p.dataType() == null ? "text" : p.dataType();

            Map<String, String> actual = new TreeMap<>();
            actual.put("properties.Type", type);
            actual.put("properties.Value", secret ? SECRET : p.value());
            actual.put("properties.DataType", dataType);
            if (!description.isEmpty()) {
                actual.put("properties.Description", description);
            }
            if (p.version() != null) {
                actual.put("properties.Version", String.valueOf(p.version()));
            }
            if (meta != null && meta.tierAsString() != null) {
                actual.put("properties.Tier", meta.tierAsString());
            }
            if (meta != null && meta.keyId() != null) {
                actual.put("properties.KeyId", meta.keyId()); // not managed: an overwrite keeps the key
            }
            tags.forEach((k, v) -> actual.put("tags." + k, v));

            List<FieldDiff> diff = new ArrayList<>();
            if (spec.dataType() != null && !spec.dataType().equals(dataType)) {
                diff.add(new FieldDiff("properties.DataType", spec.dataType(), dataType));
            }
            if (spec.description() != null && !spec.description().equals(description)) {
                diff.add(new FieldDiff("properties.Description", spec.description(), description));
            }
            if (spec.type() != null && !spec.type().equals(type)) {
                diff.add(new FieldDiff("properties.Type", spec.type(), type));
            }
            if (!sameValue(spec.value(), p.value())) {
                diff.add(secret ? new FieldDiff("properties.Value", SECRET, SECRET) : new FieldDiff("properties.Value", spec.value(), p.value()));
            }
            TagDiff.append(diff, desired.tags(), tags);
            return new Observation(true, diff, actual);
        } catch (ParameterNotFoundException gone) {
            return Observation.missing();
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("observe " + SsmParameterActions.TYPE + " " + name, e);
        }
    }

    // ------------------------------------------------------------------ plan

    @Override
    public PlannedAction resolveReferences(PlannedAction action, DesiredResource desired) {
        String value = action.parameters().get(VALUE);
        if (value == null || !value.startsWith(DESIRED_REF)) {
            return action;
        }
        if (!value.equals(DESIRED_REF + "Value") || !desired.name().equals(action.parameters().get(NAME))) {
            throw new InvalidActionException(action.action() + ": unresolvable reference '" + value + "' for " + action.parameters().get(NAME));
        }
        Map<String, String> resolved = new java.util.LinkedHashMap<>(action.parameters());
        resolved.put(VALUE, spec(desired).value());
        return new PlannedAction(action.step(), action.action(), resolved, action.description());
    }

    @Override
    public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
        if (observed.upToDate()) {
            return List.of();
        }
        Spec spec = spec(desired);
        String region = region(desired.region());
        List<PlannedAction> actions = new ArrayList<>();
        boolean put = !observed.exists() || observed.diff().stream().anyMatch(d -> d.path().startsWith("properties."));
        if (put) {
            String type = spec.type() != null ? spec.type() : observed.actual().getOrDefault("properties.Type", "String");
            Map<String, String> p = base(desired.name(), region);
            p.put(PARAMETER_TYPE, type);
            // A secret travels as a reference; the executor resolves it from its own desired state (resolveReferences).
            p.put(VALUE, "SecureString".equals(type) ? DESIRED_REF + "Value" : spec.value());
            if (spec.description() != null) {
                p.put(DESCRIPTION, spec.description());
            }
            // Undeclared DataType: keep a non-default live one; "text" is AWS's default and is not sent (some partitions
            // reject DataType on SecureString).
            String live = observed.actual().get("properties.DataType");
            String dataType = spec.dataType() != null ? spec.dataType() : "text".equals(live) ? null : live;
            if (dataType != null) {
                p.put(DATA_TYPE, dataType);
            }
            List<String> what = observed.exists()
                    ? observed.diff().stream().map(FieldDiff::path).filter(x -> x.startsWith("properties.")).map(x -> x.substring(11)).toList()
                    : List.of("create");
            actions.add(new PlannedAction(1, SsmParameterActions.PUT_PARAMETER, p, (observed.exists() ? "restore " : "re-create ")
                    + "parameter " + desired.name() + " as " + type + (observed.exists() ? " " + what : "")
                    + ("SecureString".equals(type) ? " (value withheld)" : "")));
        }
        if (!observed.exists()) {
            TagDiff.appendSteps(actions, new TreeMap<>(desired.tags()), Set.of(), () -> base(desired.name(), region),
                    TAG, UNTAG, SsmParameterActions.ADD_TAGS, SsmParameterActions.REMOVE_TAGS);
        } else {
            TagDiff.appendRestoreSteps(actions, observed.diff(), () -> base(desired.name(), region),
                    TAG, UNTAG, SsmParameterActions.ADD_TAGS, SsmParameterActions.REMOVE_TAGS);
        }
        return actions;
    }

    private static Map<String, String> base(String name, String region) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(NAME, name);
        p.put(REGION, region);
        return p;
    }

    // ------------------------------------------------------------------ bind

    /**
     * Tags are put back or removed again. A PutParameter is not undone: the old value may be a secret, which must never
     * travel in a plan, and re-creation must not be undone by deleting.
     */
    @Override
    public PlannedAction compensation(DesiredResource desired, Observation observed, PlannedAction action) {
        return switch (action.action()) {
            case SsmParameterActions.ADD_TAGS, SsmParameterActions.REMOVE_TAGS ->
                    Compensations.tags(action, observed, TAG, UNTAG, SsmParameterActions.ADD_TAGS, SsmParameterActions.REMOVE_TAGS);
            default -> null;
        };
    }

    @Override
    public TypedAction bind(PlannedAction action) {
        String actionName = action.action();
        if (!INFO.actions().contains(actionName)) {
            throw new InvalidActionException("action '" + actionName + "' is not in the catalogue of " + SsmParameterActions.TYPE
                    + ": " + INFO.actions());
        }
        Map<String, String> p = action.parameters();
        String name = p.get(NAME);
        String problem = nameProblem(name);
        if (problem != null) {
            throw new InvalidActionException(actionName + ": invalid or missing name '" + name + "': " + problem);
        }
        String region = p.getOrDefault(REGION, defaultRegion);
        if (region == null || !REGION_PATTERN.matcher(region).matches()) {
            throw new InvalidActionException(actionName + ": invalid region '" + region + "'");
        }
        String type = null;
        String value = null;
        String description = null;
        String dataType = null;
        Map<String, String> tags = new TreeMap<>();
        Set<String> untag = new TreeSet<>();
        for (Map.Entry<String, String> e : p.entrySet()) {
            String key = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue();
            switch (key) {
                case NAME, REGION -> { }
                case PARAMETER_TYPE -> {
                    if (!TYPES.contains(v)) {
                        throw new InvalidActionException(actionName + ": type '" + v + "' is not one of " + new TreeSet<>(TYPES));
                    }
                    type = v;
                }
                case VALUE -> {
                    if (v.isEmpty() || v.length() > MAX_VALUE_LENGTH) {
                        throw new InvalidActionException(actionName + ": value must be 1-" + MAX_VALUE_LENGTH + " characters");
                    }
                    value = v;
                }
                case DESCRIPTION -> {
                    if (v.length() > MAX_DESCRIPTION_LENGTH) {
                        throw new InvalidActionException(actionName + ": description is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
                    }
                    description = v;
                }
                case DATA_TYPE -> {
                    if (!DATA_TYPES.contains(v)) {
                        throw new InvalidActionException(actionName + ": dataType '" + v + "' is not one of " + new TreeSet<>(DATA_TYPES));
                    }
                    dataType = v;
                }
                default -> {
                    if (key.startsWith(TAG) && validTagKey(key.substring(TAG.length())) && validTagValue(v)) {
                        tags.put(key.substring(TAG.length()), v);
                    } else if (key.startsWith(UNTAG) && validTagKey(key.substring(UNTAG.length()))) {
                        untag.add(key.substring(UNTAG.length()));
                    } else {
                        throw new InvalidActionException(actionName + ": parameter '" + key + "' is not allowed; allowed: name, region, "
                                + "type, value, description, dataType, tag.<Key>, untag.<Key>");
                    }
                }
            }
        }
        boolean noProperties = type == null && value == null && description == null && dataType == null;
        TypedAction bound = switch (actionName) {
            case SsmParameterActions.PUT_PARAMETER -> type != null && value != null && tags.isEmpty() && untag.isEmpty()
                    ? new PutParameter(region, name, type, value, description, dataType) : null;
            case SsmParameterActions.ADD_TAGS -> noProperties && untag.isEmpty() && !tags.isEmpty()
                    ? new AddTagsToResource(region, name, tags) : null;
            case SsmParameterActions.REMOVE_TAGS -> noProperties && tags.isEmpty() && !untag.isEmpty()
                    ? new RemoveTagsFromResource(region, name, untag) : null;
            default -> throw new IllegalStateException("catalogue and switch disagree on " + actionName);
        };
        if (bound == null) {
            throw new InvalidActionException(actionName + ": parameters do not fit the action: " + p.keySet());
        }
        return bound;
    }

    // ------------------------------------------------------------------ apply

    @Override
    public String apply(TypedAction action) {
        try {
            if (action instanceof PutParameter put) {
                long version = clients.ssm(put.region()).putParameter(b -> {
                    b.name(put.parameterName()).type(put.parameterType()).value(put.value()).overwrite(true);
                    if (put.description() != null) {
                        b.description(put.description());
                    }
                    if (put.dataType() != null) {
                        b.dataType(put.dataType());
                    }
                }).version();
                return "put parameter " + put.parameterName() + " (" + put.parameterType() + ", version " + version + ")";
            } else if (action instanceof AddTagsToResource t) {
                clients.ssm(t.region()).addTagsToResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER)
                        .resourceId(t.parameterName())
                        .tags(new TreeMap<>(t.tags()).entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
                return "tagged " + t.parameterName() + " with " + new TreeSet<>(t.tags().keySet());
            } else if (action instanceof RemoveTagsFromResource u) {
                clients.ssm(u.region()).removeTagsFromResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER)
                        .resourceId(u.parameterName()).tagKeys(new TreeSet<>(u.tagKeys())));
                return "removed tags " + new TreeSet<>(u.tagKeys()) + " from " + u.parameterName();
            }
            throw new InvalidActionException("not an " + SsmParameterActions.TYPE + " action: " + action.name());
        } catch (ParameterNotFoundException | InvalidResourceIdException gone) {
            // Deleted between plan and apply: the verifier sees it and a new incident re-creates it.
            throw new CloudCallException(action.name() + " failed: parameter does not exist", false, gone);
        } catch (InvalidActionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CloudCallException.wrap(action.name(), e);
        }
    }

    // ------------------------------------------------------------------ CloudTrail

    /** The parameter(s) a call names: every one of {@code names} for DeleteParameters, else the one {@code name}. */
    static List<String> cloudTrailNames(String eventName, JsonNode params) {
        switch (eventName) {
            case "AddTagsToResource", "RemoveTagsFromResource": {
                JsonNode type = params.get("resourceType");
                if (type == null || !type.isTextual() || !type.asText().equalsIgnoreCase("Parameter")) {
                    return List.of(); // tags on a document, maintenance window, managed instance…
                }
                return CloudTrailMapping.text(params, "resourceId", "ResourceId").map(List::of).orElse(List.of());
            }
            case "DeleteParameters":
                return CloudTrailMapping.texts(params.has("names") ? params.get("names") : params.get("Names"));
            default:
                return CloudTrailMapping.text(params, "name", "Name").map(List::of).orElse(List.of());
        }
    }

    // ------------------------------------------------------------------ helpers


    /** Why {@code name} is not a valid parameter name, or null when it is. */
    static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "missing";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (!NAME_PATTERN.matcher(name).matches()) {
            return "use a-z A-Z 0-9 _ . - and / (a hierarchical name starts with / and has no empty level)";
        }
        for (String level : name.split("/")) {
            if (level.equals(".") || level.equals("..")) {
                return "'.' and '..' are not allowed as levels";
            }
        }
        String first = (name.startsWith("/") ? name.substring(1) : name).toLowerCase(Locale.ROOT);
        if (first.startsWith("aws") || first.startsWith("ssm")) {
            return "names beginning with aws or ssm are reserved";
        }
        if (name.chars().filter(c -> c == '/').count() > MAX_LEVELS) {
            return "more than " + MAX_LEVELS + " levels";
        }
        return null;
    }

    private static boolean validTagKey(String key) {
        return !key.isEmpty() && key.length() <= 128 && !key.toLowerCase(Locale.ROOT).startsWith("aws:") && TagRules.TAG_TEXT.matcher(key).matches();
    }

    private static boolean validTagValue(String value) {
        return value.length() <= 256 && TagRules.TAG_TEXT.matcher(value).matches();
    }
}
