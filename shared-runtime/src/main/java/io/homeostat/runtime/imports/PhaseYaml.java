package io.homeostat.runtime.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.homeostat.runtime.desired.DesiredResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders imported resources as a phase file in the form people write by hand. Strings that would read back as
 * something else (numbers, booleans, {@code null}) are quoted, so {@code "007"} stays text; every value the cloud
 * supplied is data the YAML emitter escapes, never text spliced into the file.
 */
final class PhaseYaml {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private PhaseYaml() {}

    static String render(String phase, String account, String region, List<DesiredResource> resources) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("phase", phase);
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (account != null && !account.isBlank()) {
            defaults.put("account", account);
        }
        defaults.put("region", region);
        defaults.put("drift", "notify");
        doc.put("defaults", defaults);
        Map<String, Object> declared = new LinkedHashMap<>();
        for (DesiredResource r : resources) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("type", r.type());
            spec.put("name", r.name());
            if (r.region() != null && !r.region().equals(region)) {
                spec.put("region", r.region());
            }
            if (!r.properties().isEmpty()) {
                spec.put("properties", new TreeMap<>(r.properties()));
            }
            if (!r.tags().isEmpty()) {
                spec.put("tags", new TreeMap<>(r.tags()));
            }
            declared.put(r.logicalId(), spec);
        }
        doc.put("resources", declared);
        try {
            return "# yaml-language-server: $schema=../docs/phases.schema.json\n"
                    + "# Imported by Homeostat from live resources no phase declared. Review before merging: drift is\n"
                    + "# 'notify' so nothing is repaired until you choose auto-heal.\n"
                    + YAML.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render imported phase " + phase, e);
        }
    }
}
