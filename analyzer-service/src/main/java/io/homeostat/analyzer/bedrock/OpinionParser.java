package io.homeostat.analyzer.bedrock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.events.Classification.Kind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The strict schema a model answer must fit, or be discarded:
 * <pre>{"kind": "FAILURE|TAMPERING|DRIFT|NORMAL|ANOMALY", "severity": 1..10, "confidence": 0..1, "rationale": "…"}</pre>
 * Exactly these four fields (an extra one — say {@code actions} — rejects the whole answer), integer severity, numeric
 * confidence, a non-blank rationale of at most {@value #MAX_RATIONALE} characters, no duplicate keys, nothing around
 * the object except whitespace or one Markdown code fence (a habit of chat models, not content).
 */
public final class OpinionParser {

    static final int MAX_RATIONALE = 1000;
    static final Set<String> FIELDS = Set.of("kind", "severity", "confidence", "rationale");
    private static final Pattern FENCED = Pattern.compile("(?s)\\s*```(?:json)?\\s*(.*?)\\s*```\\s*");

    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public ModelOpinion parse(String answer) {
        if (answer == null || answer.isBlank()) {
            throw new RejectedAnswer("empty", "the answer is empty");
        }
        Matcher fenced = FENCED.matcher(answer);
        String body = fenced.matches() ? fenced.group(1) : answer.strip();
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RejectedAnswer("not_json", "the answer is not one JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new RejectedAnswer("not_json", "the answer is not a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new RejectedAnswer("unknown_field", "unknown field(s) " + unknown + "; allowed: " + FIELDS.stream().sorted().toList());
        }
        return new ModelOpinion(kind(node), severity(node), confidence(node), rationale(node));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RejectedAnswer("missing_field", "missing field '" + field + "'");
        }
        return v;
    }

    private static Kind kind(JsonNode node) {
        JsonNode v = required(node, "kind");
        if (!v.isTextual()) {
            throw new RejectedAnswer("wrong_type", "'kind' must be a string, was " + v.getNodeType());
        }
        try {
            return Kind.valueOf(v.asText());
        } catch (IllegalArgumentException e) {
            throw new RejectedAnswer("out_of_range", "'kind' must be one of " + List.of(Kind.values()));
        }
    }

    private static int severity(JsonNode node) {
        JsonNode v = required(node, "severity");
        if (!v.isIntegralNumber()) {
            throw new RejectedAnswer("wrong_type", "'severity' must be an integer, was " + v.getNodeType());
        }
        if (!v.canConvertToInt() || v.intValue() < 1 || v.intValue() > 10) {
            throw new RejectedAnswer("out_of_range", "'severity' must be 1..10");
        }
        return v.intValue();
    }

    private static double confidence(JsonNode node) {
        JsonNode v = required(node, "confidence");
        if (!v.isNumber()) {
            throw new RejectedAnswer("wrong_type", "'confidence' must be a number, was " + v.getNodeType());
        }
        double d = v.doubleValue();
        if (!(d >= 0 && d <= 1)) {
            throw new RejectedAnswer("out_of_range", "'confidence' must be 0..1");
        }
        return d;
    }

    private static String rationale(JsonNode node) {
        JsonNode v = required(node, "rationale");
        if (!v.isTextual()) {
            throw new RejectedAnswer("wrong_type", "'rationale' must be a string, was " + v.getNodeType());
        }
        if (v.asText().isBlank() || v.asText().length() > MAX_RATIONALE) {
            throw new RejectedAnswer("out_of_range", "'rationale' must be 1.." + MAX_RATIONALE + " characters");
        }
        return v.asText();
    }
}
