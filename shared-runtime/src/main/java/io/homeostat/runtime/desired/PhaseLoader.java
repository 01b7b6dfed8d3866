package io.homeostat.runtime.desired;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.homeostat.runtime.policy.PolicyEngine;
import io.homeostat.runtime.policy.PolicyRule;
import io.homeostat.runtime.policy.PolicyRuleException;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@code phases/*.yaml} (sorted by file name) into a validated {@link DesiredState}. Problems are collected
 * across all files and reported together; any problem rejects the whole set. A property value
 * {@code ${ref:<logicalId>}} is replaced by that resource's name ({@link References}); a reference to nothing, to the
 * resource itself or written wrongly is a problem. When built with providers, each resource's resolved properties are
 * also checked by its provider ({@link ResourceProvider#validate}).
 */
public final class PhaseLoader {

    private final ObjectMapper yaml;
    private final Set<String> knownTypes;
    private final Function<String, Optional<ResourceProvider>> providers;

    /**
     * Checks types only; properties are not validated.
     *
     * @param knownTypes resource types the provider registry serves; anything else is rejected by name
     */
    public PhaseLoader(Set<String> knownTypes) {
        this(knownTypes, type -> Optional.empty());
    }

    /** Checks types against the registry and every resource's properties with its provider. */
    public PhaseLoader(ProviderRegistry registry) {
        this(registry.types(), type -> registry.types().contains(type) ? Optional.of(registry.get(type)) : Optional.empty());
    }

    /**
     * @param knownTypes resource types the provider registry serves; anything else is rejected by name
     * @param providers the provider that validates a known type's properties, if any
     */
    public PhaseLoader(Set<String> knownTypes, Function<String, Optional<ResourceProvider>> providers) {
        this.knownTypes = new TreeSet<>(knownTypes);
        this.providers = providers;
        this.yaml = YAMLMapper.builder(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * Loads a phase set that is not (or not yet) a folder on disk — a revision from git, or the work tree with one
     * file edited — by staging {@code files} (file name → content) in a temporary folder. Problems name
     * {@code shownAs/<file>:line:col} instead of the temporary folder; nothing is left behind.
     *
     * @param files plain file names (no folders) → content
     * @throws PhaseValidationException when the files are invalid
     */
    public DesiredState loadStaged(Map<String, String> files, String shownAs) {
        Path temp = null;
        try {
            temp = Files.createTempDirectory("homeostat-phases-");
            for (Map.Entry<String, String> f : files.entrySet()) {
                if (f.getKey().contains("/") || f.getKey().contains("\\")) {
                    // Names can come from a proposal (an assistant's plan_change): never a path out of the staging folder.
                    throw new IllegalArgumentException("'" + f.getKey() + "' is not a plain phase file name");
                }
                Files.writeString(temp.resolve(f.getKey()), f.getValue());
            }
            String tempPrefix = temp.toString();
            try {
                return load(temp);
            } catch (PhaseValidationException e) {
                throw new PhaseValidationException(e.problems().stream().map(p -> p.replace(tempPrefix, shownAs)).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the phases of " + shownAs, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Loads {@code dir} as it would be with {@code fileName} holding {@code content}: a proposed edit is validated with
     * the whole phase set (duplicate ids across files, policies) before anyone commits it. {@code dir} is not touched.
     */
    public DesiredState loadEdited(Path dir, String fileName, String content) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        files.put(fileName, content);
        return loadStaged(files, dir.toString());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
        dir.toFile().delete();
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
        List<Declared> declared = new ArrayList<>();
        List<PolicyRule> policies = new ArrayList<>();
        Map<String, String> ruleSeenIn = new HashMap<>();
        for (Path file : files) {
            PhaseFile phase = parse(file, problems);
            if (phase == null) {
                continue;
            }
            String phaseName = phase.phase() != null ? phase.phase() : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            PhaseFile.Defaults d = phase.defaults() != null ? phase.defaults() : new PhaseFile.Defaults(null, null, null);
            policies(file, phaseName, phase, ruleSeenIn, policies, problems);
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
                boolean valued = valued(spec.properties(), where + ".properties.", problems)
                        & valued(spec.tags(), where + ".tags.", problems);
                DesiredResource resource = new DesiredResource(logicalId, phaseName, spec.type(), spec.name(),
                        first(spec.account(), d.account()), first(spec.region(), d.region()),
                        withoutNulls(spec.properties()), withoutNulls(spec.tags()), first(spec.drift(), d.drift(), DriftMode.AUTO_HEAL));
                declared.add(new Declared(resource, where, valued));
            });
        }
        // References may point into any file, so they are resolved once every resource is known; providers then
        // validate the resolved properties, as they will observe them.
        Map<String, String> nameById = new HashMap<>();
        declared.forEach(r -> nameById.putIfAbsent(r.resource().logicalId(), r.resource().name()));
        References references = new References(nameById);
        List<DesiredResource> resources = new ArrayList<>();
        for (Declared r : declared) {
            References.Resolved resolved = references.resolve(r.resource().logicalId(), r.resource().properties());
            resolved.problems().forEach(p -> problems.add(r.where() + ".properties." + p));
            DesiredResource resource = withProperties(r.resource(), resolved.properties());
            if (r.valued() && resolved.problems().isEmpty()) {
                validate(resource, r.where(), problems);
            }
            resources.add(resource);
        }
        if (!problems.isEmpty()) {
            KeyLocations.pinAll(yaml, files, problems);
            throw new PhaseValidationException(problems);
        }
        return DesiredState.of(resources, files.stream().map(Path::toString).collect(Collectors.toList()), policies);
    }

    /** The file's {@code policy:} rules, each with a known effect and an expression that compiles; names unique. */
    private static void policies(Path file, String phaseName, PhaseFile phase, Map<String, String> seenIn,
                                 List<PolicyRule> policies, List<String> problems) {
        if (phase.policy() == null) {
            return;
        }
        phase.policy().forEach((name, spec) -> {
            String where = file + ": policy." + name;
            if (spec == null) {
                problems.add(where + ": empty rule (needs 'when' and 'effect')");
                return;
            }
            String previous = seenIn.putIfAbsent(name, file.toString());
            if (previous != null) {
                problems.add(where + ": duplicate policy rule name '" + name + "' (also declared in " + previous + ")");
            }
            try {
                PolicyRule rule = new PolicyRule(name, file.getFileName().toString(), PolicyRule.effect(spec.effect(), where + ".effect"),
                        spec.when(), spec.description(), phaseName);
                PolicyEngine.check(rule);
                policies.add(rule);
            } catch (PolicyRuleException e) {
                problems.add(e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage());
            }
        });
    }

    /** A resource as its file declares it, before references are resolved; {@code where} prefixes its problems. */
    private record Declared(DesiredResource resource, String where, boolean valued) {}

    private static DesiredResource withProperties(DesiredResource r, Map<String, Object> properties) {
        return properties == r.properties() ? r : new DesiredResource(r.logicalId(), r.phase(), r.type(), r.name(), r.account(),
                r.region(), properties, r.tags(), r.drift());
    }

    /** {@code VisibilityTimeout:} with nothing after it declares nothing sensible: a problem, not a null. */
    private static boolean valued(Map<String, ?> map, String where, List<String> problems) {
        if (map == null) {
            return true;
        }
        List<String> empty = map.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).sorted().toList();
        empty.forEach(key -> problems.add(where + key + ": no value (write one, or remove the key)"));
        return empty.isEmpty();
    }

    private static <V> Map<String, V> withoutNulls(Map<String, V> map) {
        if (map == null || !map.containsValue(null)) {
            return map;
        }
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.values().removeIf(Objects::isNull);
        return copy;
    }

    /** The provider's verdict on a resource of a known type, as a problem of this file; never throws. */
    private void validate(DesiredResource resource, String where, List<String> problems) {
        if (resource.type() == null || !knownTypes.contains(resource.type())) {
            return;
        }
        try {
            providers.apply(resource.type()).ifPresent(p -> p.validate(resource));
        } catch (IllegalArgumentException e) {
            problems.add(where + ".properties: " + e.getMessage());
        } catch (RuntimeException e) {
            // A provider that cannot judge the resource must not let it through, nor stop the other files' checks.
            problems.add(where + ".properties: cannot be validated: " + e);
        }
    }

    private PhaseFile parse(Path file, List<String> problems) {
        try {
            if (Files.readAllLines(file).stream().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"))) {
                return new PhaseFile(null, null, null); // an empty or comments-only phase declares nothing
            }
            return yaml.readValue(file.toFile(), PhaseFile.class);
        } catch (JsonProcessingException e) {
            MarkedYAMLException syntax = syntaxError(e);
            if (syntax != null) {
                // SnakeYAML knows where the syntax broke and why; Jackson only knows where its own parser stood.
                problems.add(file + ":" + (syntax.getProblemMark().getLine() + 1) + ":" + (syntax.getProblemMark().getColumn() + 1)
                        + ": invalid YAML: " + syntax.getProblem() + (syntax.getContext() == null ? "" : " (" + syntax.getContext() + ")"));
            } else if (e instanceof JsonMappingException m) {
                problems.add(file + location(file, m) + ": " + pathOf(m) + e.getOriginalMessage().split("\n")[0]);
            } else {
                problems.add(file + location(e) + ": invalid YAML: " + e.getOriginalMessage().split("\n")[0]);
            }
        } catch (IOException e) {
            problems.add(file + ": cannot read: " + e.getMessage());
        }
        return null;
    }

    private static MarkedYAMLException syntaxError(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null && m.getProblem() != null) {
                return m;
            }
        }
        return null;
    }

    /**
     * Records bind through a creator that buffers unknown properties until their object ends, so Jackson reports an
     * unknown key at the end of the enclosing object (or of the file); find the key itself instead.
     */
    private String location(Path file, JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException && !e.getPath().isEmpty()) {
            JsonPointer target = JsonPointer.empty();
            for (JsonMappingException.Reference r : e.getPath()) {
                target = r.getFieldName() != null ? target.appendProperty(r.getFieldName()) : target.appendIndex(r.getIndex());
            }
            try (JsonParser p = yaml.createParser(file.toFile())) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.FIELD_NAME && p.getParsingContext().pathAsPointer().equals(target)) {
                        return ":" + p.currentTokenLocation().getLineNr() + ":" + p.currentTokenLocation().getColumnNr();
                    }
                }
            } catch (IOException notFound) {
                // fall back to Jackson's location
            }
        }
        return location(e);
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
