package io.homeostat.planner.adopt;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Edits one resource's {@code properties} and {@code tags} in a phase file's text, touching as little as it can so the
 * file keeps its comments, order and layout: a changed value is replaced where it stands; only when a key is added or
 * removed is that one mapping rewritten (in flow style, {@code {a: 1, b: 2}}), and a missing section is added after the
 * resource's last key. Everything outside the edited spans is left byte for byte.
 */
public final class PhaseYamlEditor {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*");
    private static final Pattern RESERVED = Pattern.compile("(?i)(true|false|yes|no|on|off|null|~|y|n)");

    /** Values to set ({@code Optional.of}) or keys to remove ({@code Optional.empty()}), by key. */
    public record Changes(Map<String, Optional<String>> properties, Map<String, Optional<String>> tags) {}

    private record Edit(int start, int end, String text) {}

    private PhaseYamlEditor() {}

    /** @throws IllegalArgumentException naming what cannot be edited safely (the file is then left to a person) */
    public static String edit(String yaml, String logicalId, Changes changes) {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        MappingNode resources = mapping(value(root, "resources"), "resources");
        MappingNode resource = mapping(value(resources, logicalId), "resources." + logicalId);
        List<Edit> edits = new ArrayList<>();
        section(yaml, resource, "properties", changes.properties(), edits);
        section(yaml, resource, "tags", changes.tags(), edits);
        StringBuilder out = new StringBuilder(yaml);
        edits.stream().sorted(Comparator.comparingInt(Edit::start).reversed())
                .forEach(e -> out.replace(e.start(), e.end(), e.text()));
        return out.toString();
    }

    private static void section(String yaml, MappingNode resource, String name, Map<String, Optional<String>> changes, List<Edit> edits) {
        if (changes.isEmpty()) {
            return;
        }
        Node node = value(resource, name);
        if (node == null || isNull(node)) {
            Map<String, String> added = new LinkedHashMap<>();
            changes.forEach((k, v) -> v.ifPresent(value -> added.put(k, scalar(value))));
            if (added.isEmpty()) {
                return;
            }
            if (node != null) {
                edits.add(new Edit(node.getStartMark().getIndex(), end(node), flow(added)));
                return;
            }
            NodeTuple last = resource.getValue().get(resource.getValue().size() - 1);
            int at = end(last.getValueNode());
            if (resource.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                edits.add(new Edit(at, at, ", " + name + ": " + flow(added)));
            } else {
                String indent = " ".repeat(resource.getValue().get(0).getKeyNode().getStartMark().getColumn());
                edits.add(new Edit(at, at, "\n" + indent + name + ": " + flow(added)));
            }
            return;
        }
        MappingNode map = mapping(node, name);
        Map<String, NodeTuple> existing = new LinkedHashMap<>();
        map.getValue().forEach(t -> existing.put(key(t), t));
        // Adding a key or removing one changes the mapping's shape; replacing values does not.
        boolean structural = changes.entrySet().stream()
                .anyMatch(c -> c.getValue().isEmpty() ? existing.containsKey(c.getKey()) : !existing.containsKey(c.getKey()));
        if (!structural) {
            changes.forEach((k, v) -> v.ifPresent(value -> {
                Node old = existing.get(k).getValueNode();
                edits.add(new Edit(old.getStartMark().getIndex(), old.getEndMark().getIndex(), scalar(value)));
            }));
            return;
        }
        Map<String, String> merged = new LinkedHashMap<>();
        existing.forEach((k, t) -> {
            if (!changes.containsKey(k)) {
                merged.put(k, verbatim(yaml, t.getValueNode(), name + "." + k));
            }
        });
        changes.forEach((k, v) -> v.ifPresent(value -> merged.put(k, scalar(value))));
        // Keep the file's key order: existing keys where they were, new ones at the end.
        Map<String, String> ordered = new LinkedHashMap<>();
        existing.keySet().stream().filter(merged::containsKey).forEach(k -> ordered.put(k, merged.get(k)));
        merged.forEach(ordered::putIfAbsent);
        edits.add(new Edit(map.getStartMark().getIndex(), end(map), flow(ordered)));
    }

    /** A value kept as written; a nested block collection cannot move into a flow mapping unchanged. */
    private static String verbatim(String yaml, Node value, String where) {
        String text = yaml.substring(value.getStartMark().getIndex(), end(value)).strip();
        if (value instanceof ScalarNode || text.startsWith("{") || text.startsWith("[")) {
            if (!text.contains("\n") && !text.contains("#")) {
                return text;
            }
        }
        throw new IllegalArgumentException(where + " spans several lines; it cannot be kept as written while the mapping"
                + " around it is rewritten; change the file by hand");
    }

    private static String flow(Map<String, String> entries) {
        List<String> parts = new ArrayList<>();
        entries.forEach((k, v) -> parts.add(scalar(k) + ": " + v));
        return "{" + String.join(", ", parts) + "}";
    }

    /** A plain scalar when YAML reads it back as the same text (or the same number), else a double-quoted one. */
    static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !RESERVED.matcher(value).matches()
                && (!Character.isDigit(value.charAt(0)) || value.matches("0|[1-9][0-9]{0,17}"))) {
            return value;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    /**
     * Where a node's own text ends. A block collection's end mark lies at the start of whatever follows it, so its end
     * is that of its last element; scalars and flow collections end where their marks say.
     */
    private static int end(Node node) {
        if (node instanceof MappingNode m && m.getFlowStyle() != DumperOptions.FlowStyle.FLOW && !m.getValue().isEmpty()) {
            return end(m.getValue().get(m.getValue().size() - 1).getValueNode());
        }
        if (node instanceof SequenceNode q && q.getFlowStyle() != DumperOptions.FlowStyle.FLOW && !q.getValue().isEmpty()) {
            return end(q.getValue().get(q.getValue().size() - 1));
        }
        return node.getEndMark().getIndex();
    }

    private static Node value(Node mapping, String key) {
        if (!(mapping instanceof MappingNode m)) {
            return null;
        }
        return m.getValue().stream().filter(t -> key.equals(key(t))).map(NodeTuple::getValueNode).findFirst().orElse(null);
    }

    private static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("null") || s.getValue().equals("~"));
    }

    private static MappingNode mapping(Node node, String where) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw new IllegalArgumentException(where + (node == null ? " not found" : " is not a mapping"));
    }
}
