package io.homeostat.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a user or operator would: the detector's incident API and each service's Prometheus metrics. */
public final class Probe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final Pipeline pipeline;

    public Probe(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    public List<JsonNode> incidents() {
        List<JsonNode> all = new ArrayList<>();
        json(body("detector", "/api/incidents?limit=500")).forEach(all::add);
        return all;
    }

    List<JsonNode> incidentsFor(String resourceName) {
        return incidents().stream().filter(i -> resourceName.equals(i.path("resource").path("name").asText())).toList();
    }

    /** The sum of every series of {@code metric} on {@code service} whose labels include {@code labels}. */
    public double metric(String service, String metric, Map<String, String> labels) {
        Matcher m = SERIES.matcher(body(service, "/q/metrics"));
        double total = 0;
        while (m.find()) {
            if (!m.group(1).equals(metric)) {
                continue;
            }
            Map<String, String> found = new java.util.HashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    found.put(l.group(1), l.group(2));
                }
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private String body(String service, String path) {
        HttpResponse<String> r = pipeline.service(service).get(path)
                .orElseThrow(() -> new AssertionError(service + " did not answer " + path));
        if (r.statusCode() != 200) {
            throw new AssertionError(service + " " + path + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
