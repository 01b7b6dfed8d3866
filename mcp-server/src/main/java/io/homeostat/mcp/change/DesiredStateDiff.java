package io.homeostat.mcp.change;

import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.policy.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a change to the phase files would change in the desired state, resource by resource (by logical id): added,
 * removed, or changed with each field that differs ({@code properties.X}, {@code tags.X}, {@code name}, {@code region},
 * {@code drift}, …), and the phase files' policy rules by name. This is the plan of a proposal: what Homeostat would
 * start enforcing once it is merged.
 */
public record DesiredStateDiff(List<ResourceChange> changes, List<RuleChange> rules) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    /** One field of a changed resource; {@code before}/{@code after} are {@code null} when absent on that side. */
    public record FieldChange(String path, String before, String after) {}

    public record ResourceChange(Kind kind, String logicalId, String type, String name, String phase, List<FieldChange> fields) {}

    /** A phase file's {@code policy:} rule added, removed or changed (by name). */
    public record RuleChange(Kind kind, String name, String phase, List<FieldChange> fields) {}

    public DesiredStateDiff {
        changes = List.copyOf(changes);
        rules = List.copyOf(rules);
    }

    public static DesiredStateDiff between(DesiredState before, DesiredState after) {
        List<ResourceChange> changes = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>(before.byLogicalId().keySet());
        ids.addAll(after.byLogicalId().keySet());
        for (String id : ids) {
            DesiredResource b = before.byLogicalId().get(id);
            DesiredResource a = after.byLogicalId().get(id);
            if (b == null) {
                changes.add(new ResourceChange(Kind.ADDED, id, a.type(), a.name(), a.phase(), fieldsOf(a, false)));
            } else if (a == null) {
                changes.add(new ResourceChange(Kind.REMOVED, id, b.type(), b.name(), b.phase(), fieldsOf(b, true)));
            } else {
                List<FieldChange> fields = new ArrayList<>();
                field(fields, "type", b.type(), a.type());
                field(fields, "name", b.name(), a.name());
                field(fields, "phase", b.phase(), a.phase());
                field(fields, "account", b.account(), a.account());
                field(fields, "region", b.region(), a.region());
                field(fields, "drift", b.drift(), a.drift());
                map(fields, "properties.", b.properties(), a.properties());
                map(fields, "tags.", b.tags(), a.tags());
                if (!fields.isEmpty()) {
                    changes.add(new ResourceChange(Kind.CHANGED, id, a.type(), a.name(), a.phase(), fields));
                }
            }
        }
        return new DesiredStateDiff(changes, rules(before.policies(), after.policies()));
    }

    private static List<RuleChange> rules(List<PolicyRule> before, List<PolicyRule> after) {
        Map<String, PolicyRule> b = new TreeMap<>();
        before.forEach(r -> b.put(r.name(), r));
        Map<String, PolicyRule> a = new TreeMap<>();
        after.forEach(r -> a.put(r.name(), r));
        TreeSet<String> names = new TreeSet<>(b.keySet());
        names.addAll(a.keySet());
        List<RuleChange> rules = new ArrayList<>();
        for (String name : names) {
            PolicyRule x = b.get(name);
            PolicyRule y = a.get(name);
            List<FieldChange> fields = new ArrayList<>();
            field(fields, "effect", x == null ? null : x.effect(), y == null ? null : y.effect());
            field(fields, "when", x == null ? null : x.when(), y == null ? null : y.when());
            field(fields, "description", x == null ? null : x.description(), y == null ? null : y.description());
            if (x == null || y == null || !fields.isEmpty()) {
                Kind kind = x == null ? Kind.ADDED : y == null ? Kind.REMOVED : Kind.CHANGED;
                rules.add(new RuleChange(kind, name, (y == null ? x : y).phase(), fields));
            }
        }
        return rules;
    }

    public boolean isEmpty() {
        return changes.isEmpty() && rules.isEmpty();
    }

    public long count(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).count();
    }

    /** Like a plan: {@code +} added, {@code -} removed, {@code ~} changed, one line per field. */
    public String render() {
        if (isEmpty()) {
            return "No changes to the desired state.\n";
        }
        StringBuilder out = new StringBuilder();
        out.append("Desired state: ").append(count(Kind.ADDED)).append(" to add, ").append(count(Kind.CHANGED))
                .append(" to change, ").append(count(Kind.REMOVED)).append(" to remove.\n");
        for (ResourceChange c : changes) {
            out.append(mark(c.kind())).append(' ').append(c.logicalId()).append(" (").append(c.type()).append(' ').append(c.name())
                    .append(", phase ").append(c.phase()).append(")\n");
            fields(out, c.fields());
        }
        if (!rules.isEmpty()) {
            out.append("Policy rules: ").append(rules.size()).append(" changed.\n");
            for (RuleChange r : rules) {
                out.append(mark(r.kind())).append(" policy ").append(r.name()).append(" (phase ").append(r.phase()).append(")\n");
                fields(out, r.fields());
            }
        }
        return out.toString();
    }

    private static String mark(Kind kind) {
        return switch (kind) {
            case ADDED -> "+";
            case REMOVED -> "-";
            case CHANGED -> "~";
        };
    }

    private static void fields(StringBuilder out, List<FieldChange> fields) {
        for (FieldChange f : fields) {
            out.append("    ").append(f.path()).append(": ");
            if (f.before() == null) {
                out.append("+ ").append(f.after());
            } else if (f.after() == null) {
                out.append("- ").append(f.before());
            } else {
                out.append(f.before()).append(" -> ").append(f.after());
            }
            out.append('\n');
        }
    }

    private static List<FieldChange> fieldsOf(DesiredResource r, boolean removed) {
        List<FieldChange> fields = new ArrayList<>();
        map(fields, "properties.", removed ? r.properties() : Map.of(), removed ? Map.of() : r.properties());
        map(fields, "tags.", removed ? r.tags() : Map.of(), removed ? Map.of() : r.tags());
        return fields;
    }

    private static void field(List<FieldChange> fields, String path, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            fields.add(new FieldChange(path, before == null ? null : before.toString(), after == null ? null : after.toString()));
        }
    }

    private static void map(List<FieldChange> fields, String prefix, Map<String, ?> before, Map<String, ?> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            field(fields, prefix + k, before.get(k), after.get(k));
        }
    }
}
