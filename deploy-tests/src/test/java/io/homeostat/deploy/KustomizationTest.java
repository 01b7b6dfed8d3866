package io.homeostat.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each kustomization.yaml lists exactly the files of its folder, and the example overlay does what it promises. */
class KustomizationTest {

    /** Files in a kustomize folder that are documentation or templates, not inputs. */
    private static boolean notAnInput(Path p) {
        String n = p.getFileName().toString();
        return n.equals("kustomization.yaml") || n.endsWith(".md") || n.endsWith(".example") || n.startsWith(".");
    }

    static Map<String, Object> kustomization(Path folder) {
        List<Manifests.Doc> docs = Manifests.read(folder.resolve("kustomization.yaml"));
        assertEquals(1, docs.size(), folder + "/kustomization.yaml documents");
        assertEquals("Kustomization", docs.get(0).kind());
        return docs.get(0).raw();
    }

    /** Every local path a kustomization reads: resources, patches, generator files and env files. */
    @SuppressWarnings("unchecked")
    static List<String> referenced(Map<String, Object> k) {
        List<String> refs = new ArrayList<>();
        for (Object r : (List<Object>) k.getOrDefault("resources", List.of())) {
            refs.add((String) r);
        }
        for (Object p : (List<Object>) k.getOrDefault("patches", List.of())) {
            if (p instanceof Map<?, ?> m && m.get("path") != null) {
                refs.add((String) m.get("path"));
            }
        }
        for (String gen : List.of("configMapGenerator", "secretGenerator")) {
            for (Object g : (List<Object>) k.getOrDefault(gen, List.of())) {
                Map<String, Object> m = (Map<String, Object>) g;
                for (String field : List.of("files", "envs")) {
                    for (Object f : (List<Object>) m.getOrDefault(field, List.of())) {
                        String s = (String) f;
                        refs.add(s.contains("=") ? s.substring(s.indexOf('=') + 1) : s);
                    }
                }
            }
        }
        return refs;
    }

    static List<Path> kustomizeFolders() {
        try (Stream<Path> s = Files.walk(Repo.k8s())) {
            return s.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void baseAndExampleOverlayExist() {
        List<Path> folders = kustomizeFolders();
        assertTrue(folders.contains(Repo.k8s().resolve("base")), "no deploy/k8s/base/kustomization.yaml");
        assertTrue(folders.contains(Repo.k8s().resolve("overlays/example")), "no deploy/k8s/overlays/example/kustomization.yaml");
    }

    @Test
    void everyKustomizationListsEveryFileOfItsFolderAndNothingMissing() throws IOException {
        for (Path folder : kustomizeFolders()) {
            Map<String, Object> k = kustomization(folder);
            List<String> refs = referenced(k);
            Set<String> listed = refs.stream().map(r -> folder.resolve(r).normalize().toString()).collect(Collectors.toCollection(TreeSet::new));
            Set<String> ignored = gitIgnored(folder);
            for (String r : refs) {
                Path p = folder.resolve(r).normalize();
                if (ignored.contains(r)) {
                    assertTrue(Files.exists(folder.resolve(r + ".example")), folder + ": git-ignored " + r + " has no " + r + ".example");
                    continue;
                }
                assertTrue(Files.exists(p), folder + ": kustomization lists " + r + ", which does not exist");
                if (Files.isDirectory(p)) {
                    assertTrue(Files.exists(p.resolve("kustomization.yaml")), folder + ": " + r + " is no kustomization");
                }
            }
            List<Path> inputs;
            try (Stream<Path> s = Files.walk(folder)) {
                inputs = s.filter(Files::isRegularFile).filter(p -> !notAnInput(p))
                        .filter(p -> !ignored.contains(folder.relativize(p).toString()))
                        // a nested kustomization folder is listed as a folder, not file by file
                        .filter(p -> p.getParent().equals(folder) || !Files.exists(p.getParent().resolve("kustomization.yaml")))
                        .toList();
            }
            for (Path p : inputs) {
                assertTrue(listed.contains(p.normalize().toString()), folder + ": " + folder.relativize(p) + " is not listed in kustomization.yaml");
            }
        }
    }

    @Test
    void basePhasesFolderHasAnExampleAndInstructions() throws IOException {
        Path phases = Repo.k8s().resolve("base/phases");
        assertTrue(Files.isRegularFile(phases.resolve("README.md")), "base/phases/README.md");
        try (Stream<Path> s = Files.list(phases)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith(".yaml")), "no example phase file in base/phases");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void exampleOverlaySetsImagesNamespaceOneDetectorAndTheTokenSecretWithoutCommittingIt() {
        Path overlay = Repo.k8s().resolve("overlays/example");
        Map<String, Object> k = kustomization(overlay);
        assertTrue(((List<String>) k.get("resources")).contains("../../base"), "overlay does not build on ../../base");
        assertNotNull(k.get("namespace"), "overlay sets no namespace");

        Set<String> images = ((List<Map<String, Object>>) k.get("images")).stream()
                .filter(i -> i.get("newTag") != null || i.get("newName") != null || i.get("digest") != null)
                .map(i -> (String) i.get("name")).collect(Collectors.toSet());
        assertEquals(Repo.SERVICES.stream().map(s -> "homeostat/" + s).collect(Collectors.toSet()), images, "images overridden");

        List<HasMetadata> objects = Manifests.objects(overlay);
        Deployment detector = objects.stream().filter(o -> o instanceof Deployment && o.getMetadata().getName().equals("homeostat-detector"))
                .map(o -> (Deployment) o).findFirst().orElseThrow(() -> new AssertionError("no detector replicas patch"));
        assertEquals(1, detector.getSpec().getReplicas(), "detector replicas");

        List<Map<String, Object>> secrets = (List<Map<String, Object>>) k.get("secretGenerator");
        assertNotNull(secrets, "no secretGenerator for the API tokens");
        Map<String, Object> tokens = secrets.stream().filter(m -> "homeostat-api-tokens".equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no homeostat-api-tokens secret"));
        assertTrue(tokens.get("literals") == null, "tokens as literals would be committed");
        Set<String> ignored = gitIgnored(overlay);
        for (String field : List.of("files", "envs")) {
            for (String f : (List<String>) tokens.getOrDefault(field, List.of())) {
                String file = f.contains("=") ? f.substring(f.indexOf('=') + 1) : f;
                assertTrue(ignored.contains(file), "token file " + file + " is not git-ignored");
            }
        }
        assertFalse(objects.stream().anyMatch(o -> o.getKind().equals("Secret")), "a Secret manifest is committed in the overlay");
    }

    /** Plain file names listed in the folder's .gitignore (enough for the patterns used here). */
    private static Set<String> gitIgnored(Path folder) {
        Path gi = folder.resolve(".gitignore");
        if (!Files.exists(gi)) {
            return Set.of();
        }
        try {
            return Files.readAllLines(gi).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.startsWith("/") ? l.substring(1) : l).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
