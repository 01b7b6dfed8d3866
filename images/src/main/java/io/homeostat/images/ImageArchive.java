package io.homeostat.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a docker-archive image tar (ours, or one jib wrote) the way a loader does — manifest, config, layers gzipped
 * or not — and can unpack it and run its Java, so images are checked without a container engine.
 */
public final class ImageArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    public final JsonNode manifest;
    public final JsonNode config;
    public final byte[] configBytes;
    public final List<String> layerNames = new ArrayList<>();

    public ImageArchive(Path tar) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        JsonNode entries = JSON.readTree(files.get("manifest.json"));
        if (entries == null || entries.size() != 1) {
            throw new IllegalStateException(tar + ": manifest.json must name exactly one image, was " + entries);
        }
        manifest = entries.get(0);
        configBytes = files.get(manifest.path("Config").asText());
        config = JSON.readTree(configBytes);
        manifest.path("Layers").forEach(l -> layerNames.add(l.asText()));
    }

    /** The raw bytes of a file of the archive (a layer as stored, the config), or null. */
    public byte[] file(String name) {
        return files.get(name);
    }

    /** A layer's uncompressed tar bytes. */
    public byte[] layer(String name) throws IOException {
        byte[] raw = files.get(name);
        if (raw.length > 1 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return gz.readAllBytes();
            }
        }
        return raw;
    }

    /** The entries of one layer, by path without a leading slash. */
    public Map<String, TarArchiveEntry> entries(String layerName) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(layer(layerName)))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName().replaceAll("^\\./", "").replaceAll("^/", "").replaceAll("/$", ""), entry);
            }
        }
        return entries;
    }

    /** Unpacks every layer, in order, into {@code root}: the container's file system. */
    public void extractInto(Path root) throws IOException {
        for (String layerName : layerNames) {
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(layer(layerName)))) {
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    String name = entry.getName().replaceAll("^\\./", "").replaceAll("^/", "");
                    if (name.isEmpty()) {
                        continue;
                    }
                    Path target = root.resolve(name).normalize();
                    if (!target.startsWith(root)) {
                        throw new IllegalStateException("layer entry escapes the root: " + name);
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.write(target, in.readAllBytes());
                        if ((entry.getMode() & 0100) != 0) {
                            target.toFile().setExecutable(true, false);
                        }
                    }
                }
            }
        }
    }

    /**
     * Runs the image's own Java through the image's own dynamic loader and libraries, so nothing of the host's
     * runtime is used: the way to prove the base works without a container engine.
     */
    public static Process runJava(Path root, List<String> args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(root, args)).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.start();
    }

    /** The command running the Java of an image unpacked at {@code root} with {@code args}, through its own loader. */
    public static List<String> javaCommand(Path root, List<String> args) {
        String libraries = String.join(":", root.resolve("lib/x86_64-linux-gnu").toString(),
                root.resolve("opt/java/lib").toString(), root.resolve("opt/java/lib/server").toString());
        List<String> command = new ArrayList<>(List.of(root.resolve("lib64/ld-linux-x86-64.so.2").toString(),
                "--library-path", libraries, root.resolve("opt/java/bin/java").toString()));
        command.addAll(args);
        return command;
    }
}
