package io.homeostat.runtime.provider.ec2;

import io.homeostat.runtime.provider.TagDiff;
import io.homeostat.runtime.provider.Compensations;
import static io.homeostat.runtime.provider.ec2.SecurityGroupActions.DESCRIPTION;
import static io.homeostat.runtime.provider.ec2.SecurityGroupActions.GROUP_NAME;
import static io.homeostat.runtime.provider.ec2.SecurityGroupActions.REGION;
import static io.homeostat.runtime.provider.ec2.SecurityGroupActions.RULE;
import static io.homeostat.runtime.provider.ec2.SecurityGroupActions.RULE_DESCRIPTION;
import static io.homeostat.runtime.provider.ec2.SecurityGroupActions.TAG;
import static io.homeostat.runtime.provider.ec2.SecurityGroupActions.UNTAG;
import static io.homeostat.runtime.provider.ec2.SecurityGroupActions.VPC_ID;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.AuthorizeEgress;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.AuthorizeIngress;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.CreateSecurityGroup;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.CreateTags;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.DeleteTags;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.GroupAction;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.RevokeEgress;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.RevokeIngress;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.RuleAction;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.UpdateEgressDescriptions;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions.UpdateIngressDescriptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * {@code aws.ec2.security-group}: a VPC security group's rules and tags, found by group name (in {@code VpcId}, or
 * in the region's default VPC).
 *
 * <pre>
 * web-sg:
 *   type: aws.ec2.security-group
 *   name: web
 *   properties:
 *     Description: web tier
 *     ingress:
 *       - {protocol: tcp, port: 443, cidr: 0.0.0.0/0, description: https}
 *       - {protocol: tcp, fromPort: 8080, toPort: 8081, cidr6: "2001:db8::/32"}
 *     egress:
 *       - {protocol: all, cidr: 0.0.0.0/0}
 *   tags: {team: web}
 * </pre>
 *
 * Rules compare as sets (order ignored; one AWS permission with several ranges is several rules). {@code ingress}
 * and {@code egress} are authoritative when declared and untouched when not. {@code Description} and {@code VpcId}
 * are create-only in AWS: a differing description is reported but never "fixed" (that would need re-creation).
 * Tags are authoritative ({@code aws:} tags excepted).
 */
@Singleton
public final class SecurityGroupProvider extends AbstractResourceProvider {

    /** Properties a phase may declare. */
    public static final Set<String> PROPERTIES = Set.of("Description", "VpcId", "ingress", "egress");
    /** Description given to a group created without a declared one (AWS requires a description). */
    public static final String DEFAULT_DESCRIPTION = "Managed by Homeostat";
    /** The value of a rule's diff/actual entry when the rule exists. */
    public static final String PRESENT = "present";

    private static final String INGRESS = "ingress";
    private static final String EGRESS = "egress";
    private static final Pattern VPC_ID_PATTERN = Pattern.compile("vpc-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern INDEX = Pattern.compile("[1-9]\\d{0,3}");
    private static final Pattern RULE_PATH = Pattern.compile("(ingress|egress)\\[([^:\\]]+):(-?\\d+)-(-?\\d+):(.+)](\\.description)?");
    private static final int MAX_RULES = 1000;
    private static final TypeInfo INFO = new TypeInfo(SecurityGroupActions.TYPE, "ec2",
            List.of("ec2:DescribeSecurityGroups", "ec2:DescribeVpcs", "ec2:CreateSecurityGroup",
                    "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
                    "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress",
                    "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
                    "ec2:CreateTags", "ec2:DeleteTags"),
            List.of(SecurityGroupActions.CREATE_SECURITY_GROUP, SecurityGroupActions.AUTHORIZE_INGRESS,
                    SecurityGroupActions.REVOKE_INGRESS, SecurityGroupActions.AUTHORIZE_EGRESS,
                    SecurityGroupActions.REVOKE_EGRESS, SecurityGroupActions.UPDATE_INGRESS_DESCRIPTIONS,
                    SecurityGroupActions.UPDATE_EGRESS_DESCRIPTIONS, SecurityGroupActions.CREATE_TAGS,
                    SecurityGroupActions.DELETE_TAGS));

    /**
     * Security-group write calls. CreateSecurityGroup names the group; most other calls carry only the group id
     * ({@code groupId}, {@code sg-…}), which is returned as it is and turned into the name by {@link #resolveName}.
     * CreateTags/DeleteTags name every {@code sg-…} resource of the call.
     */
    public static final CloudTrailMapping CLOUDTRAIL = CloudTrailMapping.ofNames("ec2.amazonaws.com",
            Set.of("CreateSecurityGroup", "DeleteSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
                    "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "ModifySecurityGroupRules",
                    "UpdateSecurityGroupRuleDescriptionsIngress", "UpdateSecurityGroupRuleDescriptionsEgress",
                    "CreateTags", "DeleteTags"),
            SecurityGroupProvider::cloudTrailNames);

    /** region:groupId → group name, for every group observed or resolved. Both are immutable in AWS, so never stale. */
    private final Map<String, String> namesById = new ConcurrentHashMap<>();

    public SecurityGroupProvider(CloudClients clients, String defaultRegion) {
        super(clients, defaultRegion, INFO, CLOUDTRAIL);
    }

    @Inject
    public SecurityGroupProvider(CloudClients clients, HomeostatConfig config) {
        this(clients, config.cloud().region());
    }

    // ------------------------------------------------------------------ desired

    /**
     * Properties must be {@link #PROPERTIES}; rules are checked as {@link SecurityGroupRule#fromDesired} describes;
     * tag keys 1-128 characters without {@code aws:}, values up to 256. No cloud call.
     */
    @Override
    public void validate(DesiredResource desired) {
        spec(desired);
    }

    /** The declared properties, validated. Null lists/values = not declared. */
    record Spec(String description, String vpcId, List<SecurityGroupRule> ingress, List<SecurityGroupRule> egress) {}

    static Spec spec(DesiredResource desired) {
        Set<String> unknown = new TreeSet<>(desired.properties().keySet());
        unknown.removeAll(PROPERTIES);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(SecurityGroupActions.TYPE + " " + desired.name() + ": unknown propert"
                    + (unknown.size() == 1 ? "y " : "ies ") + unknown + "; allowed: " + new TreeSet<>(PROPERTIES));
        }
        String name = desired.name();
        if (!validGroupName(name)) {
            throw new IllegalArgumentException(SecurityGroupActions.TYPE + ": invalid group name '" + name
                    + "' (1-255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*, not starting with sg-)");
        }
        Object d = desired.properties().get("Description");
        String description = d == null ? null : d.toString();
        if (description != null && (description.isEmpty() || !SecurityGroupRule.TEXT.matcher(description).matches())) {
            throw new IllegalArgumentException(SecurityGroupActions.TYPE + " " + name
                    + ": Description must be 1-255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*");
        }
        Object v = desired.properties().get("VpcId");
        String vpcId = v == null ? null : v.toString();
        if (vpcId != null && !VPC_ID_PATTERN.matcher(vpcId).matches()) {
            throw new IllegalArgumentException(SecurityGroupActions.TYPE + " " + name + ": VpcId '" + vpcId + "' is not a vpc-… id");
        }
        for (Map.Entry<String, String> tag : new TreeMap<>(desired.tags()).entrySet()) {
            if (!validTagKey(tag.getKey()) || tag.getValue() == null || tag.getValue().length() > 256) {
                throw new IllegalArgumentException(SecurityGroupActions.TYPE + " " + name + ": tag '" + tag.getKey()
                        + "' needs a key of 1-128 characters not starting with aws: and a value of up to 256");
            }
        }
        return new Spec(description, vpcId, rules(desired, INGRESS), rules(desired, EGRESS));
    }

    private static List<SecurityGroupRule> rules(DesiredResource desired, String direction) {
        if (!desired.properties().containsKey(direction)) {
            return null;
        }
        Object declared = desired.properties().get(direction);
        if (!(declared instanceof Collection<?> list)) {
            throw new IllegalArgumentException(SecurityGroupActions.TYPE + " " + desired.name() + ": " + direction
                    + " must be a list of rules, got: " + declared);
        }
        Map<String, SecurityGroupRule> byKey = new LinkedHashMap<>();
        for (Object item : list) {
            SecurityGroupRule rule;
            try {
                rule = SecurityGroupRule.fromDesired(item);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SecurityGroupActions.TYPE + " " + desired.name() + " " + direction + ": " + e.getMessage(), e);
            }
            SecurityGroupRule previous = byKey.putIfAbsent(rule.key(), rule);
            if (previous != null && !previous.equals(rule)) {
                throw new IllegalArgumentException(SecurityGroupActions.TYPE + " " + desired.name() + " " + direction
                        + ": rule " + rule.pathKey() + " is declared twice with different descriptions");
            }
        }
        return List.copyOf(byKey.values());
    }

    // ------------------------------------------------------------------ observe

    @Override
    public java.util.Optional<io.homeostat.runtime.provider.ResourceDiscovery> discovery() {
        return java.util.Optional.of(new SecurityGroupDiscovery(clients));
    }

    @Override
    public Observation observe(DesiredResource desired) {
        Spec spec = spec(desired);
        String region = region(desired.region());
        try {
            Ec2Client ec2 = clients.ec2(region);
            SecurityGroup g = find(ec2, desired.name(), spec.vpcId() != null ? spec.vpcId() : defaultVpc(ec2, region));
            if (g == null) {
                return Observation.missing();
            }
            namesById.put(region + ":" + g.groupId(), g.groupName());
            Map<String, String> actual = new TreeMap<>();
            actual.put("properties.GroupId", g.groupId());
            actual.put("properties.Description", g.description());
            if (g.vpcId() != null) {
                actual.put("properties.VpcId", g.vpcId());
            }
            List<SecurityGroupRule> ingress = live(g.ipPermissions());
            List<SecurityGroupRule> egress = live(g.ipPermissionsEgress());
            record(actual, INGRESS, ingress);
            record(actual, EGRESS, egress);
            Map<String, String> tags = new TreeMap<>();
            g.tags().forEach(t -> tags.put(t.key(), t.value()));
            tags.forEach((k, v) -> actual.put("tags." + k, v));

            List<FieldDiff> diff = new ArrayList<>();
            if (spec.description() != null && !spec.description().equals(g.description())) {
                diff.add(new FieldDiff("properties.Description", spec.description(), g.description()));
            }
            if (spec.ingress() != null) {
                diff.addAll(ruleDiff(INGRESS, spec.ingress(), ingress));
            }
            if (spec.egress() != null) {
                diff.addAll(ruleDiff(EGRESS, spec.egress(), egress));
            }
            TagDiff.append(diff, desired.tags(), tags);
            return new Observation(true, diff, actual);
        } catch (Ec2Exception e) {
            if ("InvalidGroup.NotFound".equals(code(e))) {
                return Observation.missing();
            }
            throw CloudCallException.wrap("observe " + SecurityGroupActions.TYPE + " " + desired.name(), e);
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("observe " + SecurityGroupActions.TYPE + " " + desired.name(), e);
        }
    }

    private static List<SecurityGroupRule> live(List<IpPermission> permissions) {
        List<SecurityGroupRule> rules = new ArrayList<>();
        permissions.forEach(p -> rules.addAll(SecurityGroupRule.fromPermission(p)));
        return rules;
    }

    private static void record(Map<String, String> actual, String direction, List<SecurityGroupRule> rules) {
        for (SecurityGroupRule r : rules) {
            actual.put(direction + "[" + r.pathKey() + "]", PRESENT);
            if (!r.description().isEmpty()) {
                actual.put(direction + "[" + r.pathKey() + "].description", r.description());
            }
        }
    }

    /** Set difference by rule identity; descriptions compared only where desired declares one. Sorted by path. */
    static List<FieldDiff> ruleDiff(String direction, List<SecurityGroupRule> desired, List<SecurityGroupRule> actual) {
        Map<String, SecurityGroupRule> want = byPathKey(desired);
        Map<String, SecurityGroupRule> have = byPathKey(actual);
        Set<String> keys = new TreeSet<>(want.keySet());
        keys.addAll(have.keySet());
        List<FieldDiff> diff = new ArrayList<>();
        for (String k : keys) {
            SecurityGroupRule w = want.get(k);
            SecurityGroupRule h = have.get(k);
            String path = direction + "[" + k + "]";
            if (h == null) {
                diff.add(new FieldDiff(path, PRESENT, null));
            } else if (w == null) {
                diff.add(new FieldDiff(path, null, PRESENT));
            } else if (w.description() != null && !w.description().equals(h.description())) {
                diff.add(new FieldDiff(path + ".description", w.description(), h.description()));
            }
        }
        return diff;
    }

    private static Map<String, SecurityGroupRule> byPathKey(List<SecurityGroupRule> rules) {
        Map<String, SecurityGroupRule> m = new TreeMap<>();
        rules.forEach(r -> m.putIfAbsent(r.pathKey(), r));
        return m;
    }

    // ------------------------------------------------------------------ plan

    @Override
    public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
        if (observed.upToDate()) {
            return List.of();
        }
        Spec spec = spec(desired);
        String region = region(desired.region());
        List<PlannedAction> actions = new ArrayList<>();
        if (!observed.exists()) {
            Map<String, String> p = ref(desired.name(), region, spec.vpcId());
            p.put(DESCRIPTION, spec.description() != null ? spec.description() : DEFAULT_DESCRIPTION);
            new TreeMap<>(desired.tags()).forEach((k, v) -> p.put(TAG + k, v));
            actions.add(new PlannedAction(1, SecurityGroupActions.CREATE_SECURITY_GROUP, p,
                    "re-create security group " + desired.name() + (spec.vpcId() != null ? " in " + spec.vpcId() : " in the default VPC")
                            + " with " + desired.tags().size() + " tag(s)"));
            if (spec.egress() != null) {
                // AWS gives every new VPC group an allow-all egress rule; declared egress is authoritative.
                boolean keepDefault = spec.egress().stream().anyMatch(r -> r.key().equals(SecurityGroupRule.DEFAULT_EGRESS.key()));
                if (!keepDefault) {
                    addRules(actions, SecurityGroupActions.REVOKE_EGRESS, desired.name(), region, spec.vpcId(),
                            List.of(SecurityGroupRule.DEFAULT_EGRESS), "revoke AWS's default allow-all egress rule");
                }
            }
            if (spec.ingress() != null) {
                addRules(actions, SecurityGroupActions.AUTHORIZE_INGRESS, desired.name(), region, spec.vpcId(), spec.ingress(),
                        "authorize declared ingress");
            }
            if (spec.egress() != null) {
                List<SecurityGroupRule> egress = spec.egress().stream()
                        .filter(r -> !r.key().equals(SecurityGroupRule.DEFAULT_EGRESS.key())).toList();
                addRules(actions, SecurityGroupActions.AUTHORIZE_EGRESS, desired.name(), region, spec.vpcId(), egress,
                        "authorize declared egress");
                List<SecurityGroupRule> describedDefault = spec.egress().stream()
                        .filter(r -> r.key().equals(SecurityGroupRule.DEFAULT_EGRESS.key()) && r.description() != null
                                && !r.description().isEmpty()).toList();
                addRules(actions, SecurityGroupActions.UPDATE_EGRESS_DESCRIPTIONS, desired.name(), region, spec.vpcId(),
                        describedDefault, "describe the default egress rule");
            }
            return actions;
        }

        String vpcId = spec.vpcId() != null ? spec.vpcId() : observed.actual().get("properties.VpcId");
        Map<String, Map<String, SecurityGroupRule>> declared = Map.of(
                INGRESS, spec.ingress() == null ? Map.of() : byPathKey(spec.ingress()),
                EGRESS, spec.egress() == null ? Map.of() : byPathKey(spec.egress()));
        Map<String, List<SecurityGroupRule>> revoke = Map.of(INGRESS, new ArrayList<>(), EGRESS, new ArrayList<>());
        Map<String, List<SecurityGroupRule>> authorize = Map.of(INGRESS, new ArrayList<>(), EGRESS, new ArrayList<>());
        Map<String, List<SecurityGroupRule>> describe = Map.of(INGRESS, new ArrayList<>(), EGRESS, new ArrayList<>());
        List<String> inexpressible = new ArrayList<>();
        for (FieldDiff d : observed.diff()) {
            Matcher m = RULE_PATH.matcher(d.path());
            if (m.matches()) {
                String direction = m.group(1);
                String pathKey = d.path().substring(direction.length() + 1, d.path().lastIndexOf(']'));
                SecurityGroupRule want = declared.get(direction).get(pathKey);
                if (m.group(6) != null) {
                    if (want != null) {
                        describe.get(direction).add(want);
                    }
                } else if (d.desired() != null && want != null) {
                    authorize.get(direction).add(want);
                } else if (d.actual() != null) {
                    String key = m.group(2) + ":" + m.group(3) + ":" + m.group(4) + ":" + m.group(5);
                    try {
                        // The live description goes along: AWS ignores it when matching, moto needs it for group references.
                        revoke.get(direction).add(SecurityGroupRule.parseKey(key,
                                observed.actual().get(d.path() + ".description")));
                    } catch (IllegalArgumentException notOurs) {
                        inexpressible.add(d.path());
                    }
                }
            }
            // properties.Description: create-only in AWS, reported but never planned (it would need re-creation).
        }
        String note = inexpressible.isEmpty() ? "" : "; cannot revoke " + inexpressible + " (not expressible as a rule)";
        addRules(actions, SecurityGroupActions.REVOKE_INGRESS, desired.name(), region, vpcId, revoke.get(INGRESS), "revoke undeclared ingress" + note);
        addRules(actions, SecurityGroupActions.REVOKE_EGRESS, desired.name(), region, vpcId, revoke.get(EGRESS), "revoke undeclared egress" + note);
        addRules(actions, SecurityGroupActions.AUTHORIZE_INGRESS, desired.name(), region, vpcId, authorize.get(INGRESS), "restore declared ingress");
        addRules(actions, SecurityGroupActions.AUTHORIZE_EGRESS, desired.name(), region, vpcId, authorize.get(EGRESS), "restore declared egress");
        addRules(actions, SecurityGroupActions.UPDATE_INGRESS_DESCRIPTIONS, desired.name(), region, vpcId, describe.get(INGRESS),
                "restore ingress rule description(s)");
        addRules(actions, SecurityGroupActions.UPDATE_EGRESS_DESCRIPTIONS, desired.name(), region, vpcId, describe.get(EGRESS),
                "restore egress rule description(s)");
        TagDiff.appendRestoreSteps(actions, observed.diff(), () -> ref(desired.name(), region, vpcId),
                TAG, UNTAG, SecurityGroupActions.CREATE_TAGS, SecurityGroupActions.DELETE_TAGS);
        return actions;
    }

    private static Map<String, String> ref(String groupName, String region, String vpcId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(GROUP_NAME, groupName);
        p.put(REGION, region);
        if (vpcId != null) {
            p.put(VPC_ID, vpcId);
        }
        return p;
    }

    private static void addRules(List<PlannedAction> actions, String action, String groupName, String region, String vpcId,
                                 List<SecurityGroupRule> rules, String why) {
        if (rules.isEmpty()) {
            return;
        }
        boolean update = action.equals(SecurityGroupActions.UPDATE_INGRESS_DESCRIPTIONS)
                || action.equals(SecurityGroupActions.UPDATE_EGRESS_DESCRIPTIONS);
        Map<String, String> p = ref(groupName, region, vpcId);
        List<SecurityGroupRule> sorted = new ArrayList<>(rules);
        sorted.sort((a, b) -> a.pathKey().compareTo(b.pathKey()));
        for (int i = 0; i < sorted.size(); i++) {
            SecurityGroupRule r = sorted.get(i);
            p.put(RULE + (i + 1), r.key());
            if (update || (r.description() != null && !r.description().isEmpty())) {
                p.put(RULE_DESCRIPTION + (i + 1), r.description() == null ? "" : r.description());
            }
        }
        actions.add(new PlannedAction(actions.size() + 1, action, p,
                why + ": " + sorted.stream().map(SecurityGroupRule::pathKey).toList()));
    }

    /**
     * A rule the repair authorizes is revoked again and one it revokes is authorized again (same canonical rules, so
     * the policy guard sees exactly what undo would open); tags are put back or removed again. Description updates and
     * re-created groups are not undone.
     */
    @Override
    public PlannedAction compensation(DesiredResource desired, Observation observed, PlannedAction action) {
        String opposite = switch (action.action()) {
            case SecurityGroupActions.AUTHORIZE_INGRESS -> SecurityGroupActions.REVOKE_INGRESS;
            case SecurityGroupActions.REVOKE_INGRESS -> SecurityGroupActions.AUTHORIZE_INGRESS;
            case SecurityGroupActions.AUTHORIZE_EGRESS -> SecurityGroupActions.REVOKE_EGRESS;
            case SecurityGroupActions.REVOKE_EGRESS -> SecurityGroupActions.AUTHORIZE_EGRESS;
            case SecurityGroupActions.CREATE_TAGS, SecurityGroupActions.DELETE_TAGS -> null;
            default -> "";
        };
        if (opposite == null) {
            return Compensations.tags(action, observed, TAG, UNTAG, SecurityGroupActions.CREATE_TAGS, SecurityGroupActions.DELETE_TAGS);
        }
        if (opposite.isEmpty()) {
            return null;
        }
        Map<String, String> p = new java.util.LinkedHashMap<>();
        action.parameters().forEach((k, v) -> {
            if (!k.startsWith(RULE_DESCRIPTION)) {
                p.put(k, v);
            }
        });
        return Compensations.undo(action, opposite, p, "undo: " + opposite.substring(opposite.indexOf('/') + 1) + " the same rule(s)");
    }

    // ------------------------------------------------------------------ bind

    @Override
    public TypedAction bind(PlannedAction action) {
        String name = action.action();
        if (!INFO.actions().contains(name)) {
            throw new InvalidActionException("action '" + name + "' is not in the catalogue of " + SecurityGroupActions.TYPE + ": " + INFO.actions());
        }
        Map<String, String> p = action.parameters();
        String groupName = p.get(GROUP_NAME);
        if (!validGroupName(groupName)) {
            throw new InvalidActionException(name + ": invalid or missing groupName '" + groupName + "'");
        }
        String region = p.getOrDefault(REGION, defaultRegion);
        if (region == null || !REGION_PATTERN.matcher(region).matches()) {
            throw new InvalidActionException(name + ": invalid region '" + region + "'");
        }
        String vpcId = p.get(VPC_ID);
        if (vpcId != null && !VPC_ID_PATTERN.matcher(vpcId).matches()) {
            throw new InvalidActionException(name + ": invalid vpcId '" + vpcId + "'");
        }
        if (p.size() > 2 * MAX_RULES + 10) {
            throw new InvalidActionException(name + ": too many parameters (" + p.size() + ")");
        }
        String description = null;
        Map<Integer, String> ruleKeys = new TreeMap<>();
        Map<Integer, String> ruleDescriptions = new TreeMap<>();
        Map<String, String> tags = new TreeMap<>();
        Set<String> untag = new TreeSet<>();
        for (Map.Entry<String, String> e : p.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (key.equals(GROUP_NAME) || key.equals(REGION) || key.equals(VPC_ID)) {
                continue;
            } else if (key.equals(DESCRIPTION)) {
                if (value.isEmpty() || !SecurityGroupRule.TEXT.matcher(value).matches()) {
                    throw new InvalidActionException(name + ": description must be 1-255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*");
                }
                description = value;
            } else if (key.startsWith(RULE) && INDEX.matcher(key.substring(RULE.length())).matches()) {
                ruleKeys.put(Integer.parseInt(key.substring(RULE.length())), value);
            } else if (key.startsWith(RULE_DESCRIPTION) && INDEX.matcher(key.substring(RULE_DESCRIPTION.length())).matches()) {
                if (!SecurityGroupRule.TEXT.matcher(value).matches()) {
                    throw new InvalidActionException(name + ": parameter " + key
                            + " must be up to 255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*");
                }
                ruleDescriptions.put(Integer.parseInt(key.substring(RULE_DESCRIPTION.length())), value);
            } else if (key.startsWith(TAG) && validTagKey(key.substring(TAG.length())) && value.length() <= 256) {
                tags.put(key.substring(TAG.length()), value);
            } else if (key.startsWith(UNTAG) && validTagKey(key.substring(UNTAG.length()))) {
                untag.add(key.substring(UNTAG.length()));
            } else {
                throw new InvalidActionException(name + ": parameter '" + key + "' is not allowed; allowed: groupName, region, vpcId, "
                        + "description, rule.<n>, ruleDescription.<n>, tag.<Key>, untag.<Key>");
            }
        }
        for (Integer i : ruleDescriptions.keySet()) {
            if (!ruleKeys.containsKey(i)) {
                throw new InvalidActionException(name + ": ruleDescription." + i + " has no rule." + i);
            }
        }
        boolean update = name.equals(SecurityGroupActions.UPDATE_INGRESS_DESCRIPTIONS) || name.equals(SecurityGroupActions.UPDATE_EGRESS_DESCRIPTIONS);
        List<SecurityGroupRule> rules = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Map.Entry<Integer, String> e : ruleKeys.entrySet()) {
            String d = ruleDescriptions.get(e.getKey());
            if (update && d == null) {
                throw new InvalidActionException(name + ": rule." + e.getKey() + " needs a ruleDescription." + e.getKey());
            }
            SecurityGroupRule rule;
            try {
                rule = SecurityGroupRule.parseKey(e.getValue(), d);
            } catch (IllegalArgumentException bad) {
                throw new InvalidActionException(name + ": rule." + e.getKey() + ": " + bad.getMessage());
            }
            if (!seen.add(rule.key())) {
                throw new InvalidActionException(name + ": rule " + rule.key() + " appears twice");
            }
            rules.add(rule);
        }
        if (rules.size() > MAX_RULES) {
            throw new InvalidActionException(name + ": more than " + MAX_RULES + " rules");
        }
        boolean onlyRules = description == null && tags.isEmpty() && untag.isEmpty() && !rules.isEmpty();
        TypedAction bound = switch (name) {
            case SecurityGroupActions.CREATE_SECURITY_GROUP -> description != null && rules.isEmpty() && untag.isEmpty()
                    ? new CreateSecurityGroup(region, groupName, vpcId, description, tags) : null;
            case SecurityGroupActions.AUTHORIZE_INGRESS -> onlyRules ? new AuthorizeIngress(region, groupName, vpcId, rules) : null;
            case SecurityGroupActions.REVOKE_INGRESS -> onlyRules ? new RevokeIngress(region, groupName, vpcId, rules) : null;
            case SecurityGroupActions.AUTHORIZE_EGRESS -> onlyRules ? new AuthorizeEgress(region, groupName, vpcId, rules) : null;
            case SecurityGroupActions.REVOKE_EGRESS -> onlyRules ? new RevokeEgress(region, groupName, vpcId, rules) : null;
            case SecurityGroupActions.UPDATE_INGRESS_DESCRIPTIONS -> onlyRules ? new UpdateIngressDescriptions(region, groupName, vpcId, rules) : null;
            case SecurityGroupActions.UPDATE_EGRESS_DESCRIPTIONS -> onlyRules ? new UpdateEgressDescriptions(region, groupName, vpcId, rules) : null;
            case SecurityGroupActions.CREATE_TAGS -> description == null && rules.isEmpty() && untag.isEmpty() && !tags.isEmpty()
                    ? new CreateTags(region, groupName, vpcId, tags) : null;
            case SecurityGroupActions.DELETE_TAGS -> description == null && rules.isEmpty() && tags.isEmpty() && !untag.isEmpty()
                    ? new DeleteTags(region, groupName, vpcId, untag) : null;
            default -> throw new IllegalStateException("catalogue and switch disagree on " + name);
        };
        if (bound == null) {
            throw new InvalidActionException(name + ": parameters do not fit the action: " + p.keySet());
        }
        return bound;
    }

    // ------------------------------------------------------------------ apply

    @Override
    public String apply(TypedAction action) {
        if (!(action instanceof GroupAction g)) {
            throw new InvalidActionException("not an " + SecurityGroupActions.TYPE + " action: " + action.name());
        }
        try {
            Ec2Client ec2 = clients.ec2(g.region());
            if (g instanceof CreateSecurityGroup c) {
                return create(ec2, c);
            }
            String groupId = requireGroupId(ec2, g);
            if (g instanceof RuleAction r) {
                return changeRules(ec2, groupId, r);
            } else if (g instanceof CreateTags t) {
                ec2.createTags(b -> b.resources(groupId).tags(tags(t.tags())));
                return "tagged " + t.groupName() + " (" + groupId + ") with " + new TreeSet<>(t.tags().keySet());
            } else if (g instanceof DeleteTags u) {
                ec2.deleteTags(b -> b.resources(groupId).tags(u.tagKeys().stream().sorted().map(k -> Tag.builder().key(k).build()).toList()));
                return "removed tags " + new TreeSet<>(u.tagKeys()) + " from " + u.groupName() + " (" + groupId + ")";
            }
            throw new InvalidActionException("not an " + SecurityGroupActions.TYPE + " action: " + action.name());
        } catch (InvalidActionException | CloudCallException e) {
            throw e;
        } catch (Ec2Exception e) {
            if ("InvalidGroup.NotFound".equals(code(e))) {
                // Deleted between plan and apply: the verifier sees it and a new incident re-creates it.
                throw new CloudCallException(action.name() + " failed: security group " + g.groupName() + " does not exist", false, e);
            }
            throw CloudCallException.wrap(action.name(), e);
        } catch (RuntimeException e) {
            throw CloudCallException.wrap(action.name(), e);
        }
    }

    private String create(Ec2Client ec2, CreateSecurityGroup c) {
        try {
            String id = ec2.createSecurityGroup(b -> {
                b.groupName(c.groupName()).description(c.description());
                if (c.vpcId() != null) {
                    b.vpcId(c.vpcId());
                }
                if (!c.tags().isEmpty()) {
                    b.tagSpecifications(ts -> ts.resourceType(ResourceType.SECURITY_GROUP).tags(tags(c.tags())));
                }
            }).groupId();
            return "created security group " + c.groupName() + " (" + id + ") with tags " + new TreeSet<>(c.tags().keySet());
        } catch (Ec2Exception e) {
            if (!"InvalidGroup.Duplicate".equals(code(e))) {
                throw e;
            }
            // Already there (applied twice, or re-created meanwhile): make sure the tags hold; the description is create-only.
            String id = requireGroupId(ec2, c);
            if (!c.tags().isEmpty()) {
                ec2.createTags(b -> b.resources(id).tags(tags(c.tags())));
            }
            return "security group " + c.groupName() + " already exists (" + id + "); tags " + new TreeSet<>(c.tags().keySet()) + " ensured";
        }
    }

    private static String changeRules(Ec2Client ec2, String groupId, RuleAction r) {
        boolean authorize = r instanceof AuthorizeIngress || r instanceof AuthorizeEgress;
        boolean revoke = r instanceof RevokeIngress || r instanceof RevokeEgress;
        boolean update = !authorize && !revoke;
        String tolerated = authorize ? "InvalidPermission.Duplicate" : revoke ? "InvalidPermission.NotFound" : null;
        Function<List<IpPermission>, List<IpPermission>> call = perms -> {
            if (authorize) {
                if (r.egress()) {
                    ec2.authorizeSecurityGroupEgress(b -> b.groupId(groupId).ipPermissions(perms));
                } else {
                    ec2.authorizeSecurityGroupIngress(b -> b.groupId(groupId).ipPermissions(perms));
                }
                return List.of();
            } else if (revoke) {
                // Newer AWS answers a revoke of absent rules with UnknownIpPermissions instead of an error.
                return r.egress()
                        ? ec2.revokeSecurityGroupEgress(b -> b.groupId(groupId).ipPermissions(perms)).unknownIpPermissions()
                        : ec2.revokeSecurityGroupIngress(b -> b.groupId(groupId).ipPermissions(perms)).unknownIpPermissions();
            } else {
                if (r.egress()) {
                    ec2.updateSecurityGroupRuleDescriptionsEgress(b -> b.groupId(groupId).ipPermissions(perms));
                } else {
                    ec2.updateSecurityGroupRuleDescriptionsIngress(b -> b.groupId(groupId).ipPermissions(perms));
                }
                return List.of();
            }
        };
        List<IpPermission> all = r.rules().stream().map(rule -> rule.toPermission(true, update)).toList();
        int already = 0;
        try {
            already = call.apply(all).size();
        } catch (Ec2Exception e) {
            if (tolerated == null || !tolerated.equals(code(e))) {
                throw e;
            }
            // The batch is all-or-nothing in AWS: one rule already in (or already gone) fails it. Go one by one.
            already = 0;
            for (IpPermission one : all) {
                try {
                    already += call.apply(List.of(one)).size();
                } catch (Ec2Exception single) {
                    if (!tolerated.equals(code(single))) {
                        throw single;
                    }
                    already++;
                }
            }
        }
        String verb = authorize ? "authorized" : revoke ? "revoked" : "re-described";
        String direction = r.egress() ? "egress" : "ingress";
        return verb + " " + (r.rules().size() - already) + " " + direction + " rule(s) on " + r.groupName() + " (" + groupId + ")"
                + (already > 0 ? ", " + already + " already " + (authorize ? "present" : "absent") : "") + ": "
                + r.rules().stream().map(SecurityGroupRule::pathKey).toList();
    }

    // ------------------------------------------------------------------ lookups

    /** The group named {@code groupName} in {@code vpcId}, or null. */
    private static SecurityGroup find(Ec2Client ec2, String groupName, String vpcId) {
        List<SecurityGroup> groups = ec2.describeSecurityGroups(b -> b.filters(
                Filter.builder().name("group-name").values(groupName).build(),
                Filter.builder().name("vpc-id").values(vpcId).build())).securityGroups();
        return groups.stream().filter(g -> groupName.equals(g.groupName())).findFirst().orElse(null);
    }

    private static String defaultVpc(Ec2Client ec2, String region) {
        List<Vpc> vpcs = ec2.describeVpcs(b -> b.filters(Filter.builder().name("is-default").values("true").build())).vpcs();
        if (vpcs.isEmpty()) {
            throw new CloudCallException("region " + region + " has no default VPC: declare VpcId for the security group", false, null);
        }
        return vpcs.get(0).vpcId();
    }

    private String requireGroupId(Ec2Client ec2, GroupAction g) {
        SecurityGroup found = find(ec2, g.groupName(), g.vpcId() != null ? g.vpcId() : defaultVpc(ec2, g.region()));
        if (found == null) {
            throw new CloudCallException(g.name() + " failed: security group " + g.groupName() + " does not exist"
                    + (g.vpcId() != null ? " in " + g.vpcId() : " in the default VPC"), false, null);
        }
        return found.groupId();
    }

    /**
     * An {@code sg-…} id (what most CloudTrail events carry) becomes the group's name ({@link #groupNameOf}); anything
     * else is a group name already (names cannot start with {@code sg-}) and is returned as it is.
     */
    @Override
    public Optional<String> resolveName(String region, String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        return nameOrId.startsWith("sg-") ? groupNameOf(region, nameOrId) : Optional.of(nameOrId);
    }

    /**
     * The name of the group with id {@code groupId}, for resolving CloudTrail events that carry only the id. Groups
     * this provider has observed resolve from memory, even after they are deleted (a DeleteSecurityGroup by id);
     * others are looked up. Empty when no such group is known (or {@code groupId} is not a group id).
     */
    public Optional<String> groupNameOf(String region, String groupId) {
        if (groupId == null || !groupId.startsWith("sg-") || SecurityGroupRule.source(groupId) == null) {
            return Optional.empty();
        }
        String r = region(region);
        String known = namesById.get(r + ":" + groupId);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Optional<String> name = clients.ec2(r).describeSecurityGroups(b -> b.groupIds(groupId)).securityGroups().stream()
                    .map(SecurityGroup::groupName).findFirst();
            name.ifPresent(n -> namesById.put(r + ":" + groupId, n));
            return name;
        } catch (Ec2Exception e) {
            if ("InvalidGroup.NotFound".equals(code(e)) || "InvalidGroupId.Malformed".equals(code(e))) {
                return Optional.empty();
            }
            throw CloudCallException.wrap("resolve security group " + groupId, e);
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("resolve security group " + groupId, e);
        }
    }

    // ------------------------------------------------------------------ CloudTrail

    /**
     * Group name when the call carries one, else the {@code sg-…} id; for tag calls every {@code sg-…} resource id;
     * empty for other resources (e.g. tags on an instance).
     */
    static List<String> cloudTrailNames(String eventName, JsonNode params) {
        if (eventName.equals("CreateTags") || eventName.equals("DeleteTags")) {
            JsonNode set = params.get("resourcesSet");
            JsonNode items = set == null ? null : set.isArray() ? set : set.get("items");
            List<String> ids = new ArrayList<>();
            if (items != null && items.isArray()) {
                for (JsonNode item : items) {
                    JsonNode id = item == null ? null : item.get("resourceId");
                    if (id != null && id.isTextual() && id.asText().startsWith("sg-")) {
                        ids.add(id.asText());
                    }
                }
            }
            return ids;
        }
        return cloudTrailName(eventName, params).map(List::of).orElse(List.of());
    }

    private static Optional<String> cloudTrailName(String eventName, JsonNode params) {
        switch (eventName) {
            case "CreateSecurityGroup":
                return CloudTrailMapping.text(params, "groupName", "GroupName");
            case "ModifySecurityGroupRules": {
                JsonNode wrapped = params.get("ModifySecurityGroupRulesRequest");
                JsonNode p = wrapped != null && wrapped.isObject() ? wrapped : params;
                return CloudTrailMapping.text(p, "groupId", "GroupId").filter(id -> id.startsWith("sg-"));
            }
            default:
                return CloudTrailMapping.text(params, "groupName", "GroupName")
                        .or(() -> CloudTrailMapping.text(params, "groupId", "GroupId").filter(id -> id.startsWith("sg-")));
        }
    }

    // ------------------------------------------------------------------ helpers


    private static List<Tag> tags(Map<String, String> tags) {
        return new TreeMap<>(tags).entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String code(Ec2Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    static boolean validGroupName(String name) {
        return name != null && !name.isEmpty() && SecurityGroupRule.TEXT.matcher(name).matches()
                && !name.regionMatches(true, 0, "sg-", 0, 3);
    }

    private static boolean validTagKey(String key) {
        return !key.isEmpty() && key.length() <= 128 && !key.startsWith("aws:");
    }
}
