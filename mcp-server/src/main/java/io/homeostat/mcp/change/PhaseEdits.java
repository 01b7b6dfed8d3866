package io.homeostat.mcp.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/**
 * Structured edits of one phase file, for an assistant that would rather say "set this" than rewrite the file:
 * {@code resources.orders.properties.VisibilityTimeout=60} sets a value (read as YAML, so {@code 60} is a number,
 * {@code {team: x}} a map, {@code "60"} a string), creating the maps on the way; {@code -resources.orders.tags.env}
 * removes a key. Keys are separated by dots, so a key that itself contains a dot cannot be edited this way (give the
 * whole content instead). The file is written back from its parsed form: comments and flow style are not kept.
 */
public final class PhaseEdits {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private PhaseEdits() {}

    /**
     * @param current the file's content at HEAD, or {@code null} for a new file
     * @throws PhaseChangeException naming the edit (by number and text) that cannot be applied
     */
    public static String apply(String current, List<String> edits) {
        if (edits == null || edits.isEmpty()) {
            throw new PhaseChangeException("no edits given");
        }
        ObjectNode root = parse(current);
        for (int i = 0; i < edits.size(); i++) {
            String edit = edits.get(i) == null ? "" : edits.get(i).strip();
            String where = "edit " + (i + 1) + " '" + edit + "'";
            if (edit.startsWith("-")) {
                remove(root, path(edit.substring(1), where), where);
            } else {
                int eq = edit.indexOf('=');
                if (eq < 1) {
                    throw new PhaseChangeException(where + ": write path=value to set, or -path to remove"
                            + " (e.g. resources.orders.properties.VisibilityTimeout=60)");
                }
                set(root, path(edit.substring(0, eq), where), value(edit.substring(eq + 1), where), where);
            }
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new PhaseChangeException("cannot write the edited file: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode parse(String current) {
        if (current == null || current.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = YAML.readTree(current);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new PhaseChangeException("the file at HEAD is not a YAML mapping, so it cannot be edited key by key;"
                + " give its complete new content instead");
    }

    private static String[] path(String text, String where) {
        String[] keys = text.strip().split("\\.", -1);
        for (String k : keys) {
            if (k.isBlank()) {
                throw new PhaseChangeException(where + ": the path has an empty key");
            }
        }
        return keys;
    }

    private static JsonNode value(String text, String where) {
        if (text.isBlank()) {
            return JsonNodeFactory.instance.textNode("");
        }
        try {
            JsonNode v = YAML.readTree(text);
            return v == null || v.isMissingNode() ? JsonNodeFactory.instance.textNode(text.strip()) : v;
        } catch (JsonProcessingException e) {
            throw new PhaseChangeException(where + ": the value is not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static void set(ObjectNode root, String[] keys, JsonNode value, String where) {
        ObjectNode parent = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode next = parent.get(keys[i]);
            if (next == null || next.isNull()) {
                parent = parent.putObject(keys[i]);
            } else if (next instanceof ObjectNode object) {
                parent = object;
            } else {
                throw new PhaseChangeException(where + ": '" + keys[i] + "' holds a value, not a mapping");
            }
        }
        parent.set(keys[keys.length - 1], value);
    }

    private static void remove(ObjectNode root, String[] keys, String where) {
        JsonNode parent = root;
        for (int i = 0; i < keys.length - 1; i++) {
            parent = parent.path(keys[i]);
        }
        if (!(parent instanceof ObjectNode object) || !object.has(keys[keys.length - 1])) {
            throw new PhaseChangeException(where + ": there is no such key to remove");
        }
        object.remove(keys[keys.length - 1]);
    }
}
