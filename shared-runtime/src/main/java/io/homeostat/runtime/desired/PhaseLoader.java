package io.homeostat.runtime.desired;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads {@code phases/*.yaml} (sorted by file name) into a validated {@link DesiredState}. Problems are collected
 * across all files and reported together; any problem rejects the whole set.
 */
public final class PhaseLoader {

    private final ObjectMapper yaml;
    private final Set<String> knownTypes;

    /** @param knownTypes resource types the provider registry serves; anything else is rejected by name */
    public PhaseLoader(Set<String> knownTypes) {
        this.knownTypes = new TreeSet<>(knownTypes);
        this.yaml = YAMLMapper.builder(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    public DesiredState load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PhaseValidationException(List.of(dir + ": phases folder not found"));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> seenIn = new HashMap<>();
        List<DesiredResource> resources = new ArrayList<>();
        for (Path file : files) {
            PhaseFile phase = parse(file, problems);
            if (phase == null) {
                continue;
            }
            String phaseName = phase.phase() != null ? phase.phase() : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            PhaseFile.Defaults d = phase.defaults() != null ? phase.defaults() : new PhaseFile.Defaults(null, null, null);
            if (phase.resources() == null) {
                continue;
            }
            phase.resources().forEach((logicalId, spec) -> {
                String where = file + ": resources." + logicalId;
                if (spec == null) {
                    problems.add(where + ": empty resource");
                    return;
                }
                String previous = seenIn.putIfAbsent(logicalId, file.toString());
                if (previous != null) {
                    problems.add(where + ": duplicate logical id '" + logicalId + "' (also declared in " + previous + ")");
                }
                if (spec.type() == null) {
                    problems.add(where + ".type: missing; valid types: " + knownTypes);
                } else if (!knownTypes.contains(spec.type())) {
                    problems.add(where + ".type: unknown resource type '" + spec.type() + "'; valid types: " + knownTypes);
                }
                if (spec.name() == null || spec.name().isBlank()) {
                    problems.add(where + ".name: missing");
                }
                resources.add(new DesiredResource(logicalId, phaseName, spec.type(), spec.name(),
                        first(spec.account(), d.account()), first(spec.region(), d.region()),
                        spec.properties(), spec.tags(), first(spec.drift(), d.drift(), DriftMode.AUTO_HEAL)));
            });
        }
        if (!problems.isEmpty()) {
            throw new PhaseValidationException(problems);
        }
        return DesiredState.of(resources, files.stream().map(Path::toString).collect(Collectors.toList()));
    }

    private PhaseFile parse(Path file, List<String> problems) {
        try {
            return yaml.readValue(file.toFile(), PhaseFile.class);
        } catch (JsonMappingException e) {
            problems.add(file + location(e) + ": " + pathOf(e) + e.getOriginalMessage().split("\n")[0]);
        } catch (JsonProcessingException e) {
            problems.add(file + location(e) + ": invalid YAML: " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            problems.add(file + ": cannot read: " + e.getMessage());
        }
        return null;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
    }

    private static String pathOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "" : "at '" + path + "': ";
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
