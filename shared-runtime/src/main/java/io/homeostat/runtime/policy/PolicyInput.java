package io.homeostat.runtime.policy;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.Observation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables a policy rule sees, as plain CEL values (maps, lists, strings, {@code long}s, {@code double}s,
 * booleans). Every key is always present, so a rule never fails on a missing one:
 *
 * <pre>
 * action         {name, type, verb, step, description, parameters: map, rules: list of {protocol, fromPort, toPort, source}}
 * resource       {type, name, logicalId, phase, account, region, drift, tags: map}
 * classification {kind, severity, confidence, analyzer}
 * observation    {exists, itemCount (-1 = unknown), actual: map, diff: list of paths}
 * </pre>
 *
 * {@code action.rules} are the security-group rules a step names ({@code rule.N = protocol:from:to:source}), parsed so
 * rules can compare ports as numbers; empty for other steps.
 */
public record PolicyInput(DesiredResource resource, Classification classification, Observation observation) {

    public static final List<String> VARIABLES = List.of("action", "resource", "classification", "observation");

    Map<String, Object> variables(PlannedAction action) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("action", action(action));
        vars.put("resource", resourceVar());
        vars.put("classification", classificationVar());
        vars.put("observation", observationVar());
        return vars;
    }

    private static Map<String, Object> action(PlannedAction a) {
        String name = a.action();
        int slash = name.lastIndexOf('/');
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        m.put("type", slash < 0 ? "" : name.substring(0, slash));
        m.put("verb", name.substring(slash + 1));
        m.put("step", (long) a.step());
        m.put("description", a.description() == null ? "" : a.description());
        Map<String, String> params = new HashMap<>();
        a.parameters().forEach((k, v) -> params.put(k, v == null ? "" : v));
        m.put("parameters", params);
        m.put("rules", rules(a.parameters()));
        return m;
    }

    /** {@code rule.N} parameters that read as {@code protocol:from:to:source}; the source may hold colons (IPv6). */
    private static List<Map<String, Object>> rules(Map<String, String> parameters) {
        List<Map<String, Object>> rules = new ArrayList<>();
        parameters.forEach((k, v) -> {
            if (!k.startsWith("rule.") || v == null) {
                return;
            }
            String[] parts = v.split(":", 4);
            if (parts.length != 4) {
                return;
            }
            try {
                rules.add(Map.of("protocol", parts[0], "fromPort", Long.parseLong(parts[1]),
                        "toPort", Long.parseLong(parts[2]), "source", parts[3]));
            } catch (NumberFormatException notARule) {
                // not a security-group rule: nothing for port rules to look at
            }
        });
        return rules;
    }

    private Map<String, Object> resourceVar() {
        Map<String, Object> m = new HashMap<>();
        m.put("type", resource.type());
        m.put("name", resource.name());
        m.put("logicalId", resource.logicalId());
        m.put("phase", text(resource.phase()));
        m.put("account", text(resource.account()));
        m.put("region", text(resource.region()));
        m.put("drift", resource.drift() == null ? "" : resource.drift().name().toLowerCase().replace('_', '-'));
        m.put("tags", Map.copyOf(resource.tags()));
        return m;
    }

    private Map<String, Object> classificationVar() {
        Map<String, Object> m = new HashMap<>();
        m.put("kind", classification == null ? "" : classification.kind().name());
        m.put("severity", classification == null ? 0L : (long) classification.severity());
        m.put("confidence", classification == null ? 0.0 : classification.confidence());
        m.put("analyzer", classification == null ? "" : text(classification.analyzer()));
        return m;
    }

    private Map<String, Object> observationVar() {
        Map<String, Object> m = new HashMap<>();
        boolean known = observation != null;
        m.put("exists", known && observation.exists());
        Map<String, String> actual = known ? observation.actual() : Map.of();
        m.put("actual", actual);
        m.put("itemCount", itemCount(actual));
        m.put("diff", known ? observation.diff().stream().map(FieldDiff::path).toList() : List.of());
        return m;
    }

    private static long itemCount(Map<String, String> actual) {
        String v = actual.get("itemCount");
        try {
            return v == null ? -1 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
