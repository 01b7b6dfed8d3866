package io.homeostat.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the manifests: every YAML document of every file, as a fabric8 model object. */
final class Manifests {

    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final KubernetesSerialization K8S = new KubernetesSerialization();

    /** One YAML document of a manifest file. */
    record Doc(Path file, int index, Map<String, Object> raw, KubernetesResource resource) {
        String kind() {
            return (String) raw.get("kind");
        }

        String where() {
            return Repo.root().relativize(file) + " #" + index;
        }
    }

    private Manifests() {
    }

    /** Every *.yaml / *.yml file under deploy/k8s except phase files (desired state, not manifests). */
    static List<Path> files() {
        try (Stream<Path> s = Files.walk(Repo.k8s())) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                    .filter(p -> !isPhaseFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isPhaseFile(Path p) {
        return p.getParent() != null && p.getParent().getFileName().toString().equals("phases");
    }

    /** Every document of a (multi-document) YAML file, parsed with the fabric8 model. Empty documents are skipped. */
    static List<Doc> read(Path file) {
        List<Doc> docs = new ArrayList<>();
        try (var it = YAML.readerFor(new TypeReference<Map<String, Object>>() { }).<Map<String, Object>>readValues(file.toFile())) {
            int i = 0;
            while (it.hasNextValue()) {
                Map<String, Object> raw = it.nextValue();
                i++;
                if (raw == null || raw.isEmpty()) {
                    continue;
                }
                KubernetesResource resource = K8S.convertValue(raw, KubernetesResource.class);
                docs.add(new Doc(file, i, raw, resource));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return docs;
    }

    /** All documents of all manifest files under deploy/k8s. */
    static List<Doc> all() {
        return files().stream().flatMap(f -> read(f).stream()).toList();
    }

    /** The Kubernetes objects (everything but kustomize's own files) under a folder of deploy/k8s. */
    static List<HasMetadata> objects(Path folder) {
        return all().stream()
                .filter(d -> d.file().startsWith(folder))
                .filter(d -> !"Kustomization".equals(d.kind()))
                .map(d -> (HasMetadata) d.resource())
                .toList();
    }

    static JsonNode tree(Object o) {
        return JSON.valueToTree(o);
    }
}
