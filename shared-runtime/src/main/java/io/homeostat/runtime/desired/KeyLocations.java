package io.homeostat.runtime.desired;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each key of a YAML file stands ({@code resources.orders-queue.type} → line 4, column 5), so a problem found
 * after binding (an unknown type, a missing name, a bad reference) still points at the line an editor can jump to:
 * {@code file:line:col: message}. Keys are dotted; list items are {@code [index]} ({@code ingress[1].group}).
 */
final class KeyLocations {

    private final Map<String, String> lineColByKey;

    private KeyLocations(Map<String, String> lineColByKey) {
        this.lineColByKey = lineColByKey;
    }

    /** Reads the file's keys; a file that cannot be read (it was already reported) knows no locations. */
    static KeyLocations of(ObjectMapper yaml, Path file) {
        Map<String, String> at = new HashMap<>();
        try (JsonParser p = yaml.createParser(file.toFile())) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    JsonLocation l = p.currentTokenLocation();
                    at.putIfAbsent(path(p.getParsingContext()), l.getLineNr() + ":" + l.getColumnNr());
                }
            }
        } catch (IOException | RuntimeException e) {
            // syntax errors were reported with their own location; keep what was read so far
        }
        return new KeyLocations(at);
    }

    /**
     * {@code problem} with the line and column of the deepest key it names, if {@code problem} is
     * {@code <file>: <key path>: …} and the key is in the file; otherwise {@code problem} as it was.
     */
    String pin(String file, String problem) {
        String prefix = file + ": ";
        if (!problem.startsWith(prefix)) {
            return problem;
        }
        String rest = problem.substring(prefix.length());
        int end = rest.indexOf(": ");
        if (end <= 0 || rest.substring(0, end).contains(" ")) {
            return problem;
        }
        for (String key = rest.substring(0, end); !key.isEmpty(); key = parent(key)) {
            String lineCol = lineColByKey.get(key);
            if (lineCol != null) {
                return file + ":" + lineCol + ": " + rest;
            }
        }
        return problem;
    }

    /** Pins every problem about {@code file}. */
    static void pinAll(ObjectMapper yaml, List<Path> files, List<String> problems) {
        for (Path file : files) {
            String prefix = file + ": ";
            if (problems.stream().anyMatch(p -> p.startsWith(prefix))) {
                KeyLocations keys = of(yaml, file);
                problems.replaceAll(p -> keys.pin(file.toString(), p));
            }
        }
    }

    private static String parent(String key) {
        int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
        return cut < 0 ? "" : key.substring(0, cut);
    }

    private static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String part = c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName();
            if (part == null) {
                continue;
            }
            if (!path.isEmpty() && path.charAt(0) != '[') {
                path.insert(0, '.'); // but a list index follows its key directly: ingress[1]
            }
            path.insert(0, part);
        }
        return path.toString();
    }
}
