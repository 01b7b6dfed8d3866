package io.homeostat.runtime.desired;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References between declared resources: a property value (at any depth of {@code properties}) that is exactly
 * {@code ${ref:<logicalId>}} stands for the physical {@code name} of that resource. {@link #resolve} checks every
 * reference and replaces it by the name, so providers only ever see plain values. Only whole values are references;
 * any other use of {@code ${ref:}} in a string is a problem (it is almost certainly meant as one), while other
 * {@code ${…}} text (IAM policy variables such as {@code ${aws:username}}) is left alone.
 */
final class References {

    static final String PREFIX = "${ref:";
    private static final Pattern WHOLE = Pattern.compile("\\$\\{ref:([^{}\\s]+)}");

    /** Properties with every reference replaced, and what was wrong with the ones that could not be. */
    record Resolved(Map<String, Object> properties, List<String> problems) {}

    private final Map<String, String> nameById;
    private final String known;

    /** @param nameById every declared logical id → its physical name (null when the resource declares none) */
    References(Map<String, String> nameById) {
        this.nameById = nameById;
        this.known = new TreeSet<>(nameById.keySet()).toString();
    }

    /**
     * @param self the logical id of the resource that owns {@code properties} (which may not reference itself)
     * @return problems are {@code <path>: bad reference '<value>': <why>}, with the path below {@code properties}
     *     ({@code RedrivePolicy.deadLetterTargetArn}, {@code ingress[0].group})
     */
    Resolved resolve(String self, Map<String, Object> properties) {
        if (properties == null) {
            return new Resolved(null, List.of());
        }
        List<String> problems = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = (Map<String, Object>) resolve(self, properties, "", problems);
        return new Resolved(resolved, List.copyOf(problems));
    }

    /** The value with its references replaced; the same instance when it holds none. */
    private Object resolve(String self, Object value, String path, List<String> problems) {
        if (value instanceof String s) {
            return s.contains(PREFIX) ? reference(self, s, path, problems) : s;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = null;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = resolve(self, e.getValue(), path.isEmpty() ? key : path + "." + key, problems);
                if (v != e.getValue() && copy == null) {
                    copy = new LinkedHashMap<>(map);
                }
                if (copy != null) {
                    copy.put(e.getKey(), v);
                }
            }
            return copy == null ? value : copy;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            boolean changed = false;
            int i = 0;
            for (Object item : list) {
                Object v = resolve(self, item, path + "[" + i++ + "]", problems);
                changed |= v != item;
                copy.add(v);
            }
            return changed ? copy : value;
        }
        return value;
    }

    private String reference(String self, String raw, String path, List<String> problems) {
        Matcher m = WHOLE.matcher(raw);
        String why;
        if (!m.matches()) {
            why = "malformed: a reference is a whole value, written ${ref:<logicalId>}";
        } else if (m.group(1).equals(self)) {
            why = "a resource cannot reference itself";
        } else if (!nameById.containsKey(m.group(1))) {
            why = "no resource '" + m.group(1) + "' (known: " + known + ")";
        } else {
            String name = nameById.get(m.group(1));
            if (name != null && !name.isBlank()) {
                return name;
            }
            why = "resource '" + m.group(1) + "' has no name";
        }
        problems.add(path + ": bad reference '" + raw + "': " + why);
        return raw;
    }
}
