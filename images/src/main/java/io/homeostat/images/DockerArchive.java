package io.homeostat.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a one-layer image as a docker-archive tar ({@code docker save} format: {@code manifest.json}, the config
 * named by its digest, the uncompressed layer), which {@code docker load}, {@code skopeo copy docker-archive:...},
 * {@code crane push} and jib's {@code tar://} base images all read. Byte-identical for identical inputs.
 */
final class DockerArchive {

    /** Map.of iterates in a per-JVM random order: sort keys so the same image gives the same bytes. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private DockerArchive() {
    }

    /**
     * @param layer the root file system
     * @param imageConfig the runtime part of the config ({@code User}, {@code Env}, {@code Labels}, ...)
     * @param tag the repository:tag {@code docker load} gives the image
     * @param createdBy the history line saying how the layer was made
     * @param output the tar to write (replaced atomically)
     */
    static void write(RootFilesystem layer, Map<String, Object> imageConfig, String tag, String createdBy, Path output)
            throws IOException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        Path layerTar = Files.createTempFile(output.toAbsolutePath().getParent(), "layer", ".tar");
        Path partial = Files.createTempFile(output.toAbsolutePath().getParent(), "image", ".partial");
        try {
            String diffId;
            try (OutputStream file = Files.newOutputStream(layerTar);
                    DigestOutputStream digesting = new DigestOutputStream(file, sha256())) {
                layer.writeTar(digesting);
                digesting.flush();
                diffId = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
            }

            String created = RootFilesystem.MODIFIED.toString();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("architecture", "amd64");
            config.put("os", "linux");
            config.put("created", created);
            config.put("config", imageConfig);
            config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of("sha256:" + diffId)));
            config.put("history", List.of(Map.of("created", created, "created_by", createdBy)));
            byte[] configJson = JSON.writeValueAsBytes(config);
            String configName = HexFormat.of().formatHex(sha256().digest(configJson)) + ".json";
            String layerName = diffId + "/layer.tar";
            byte[] manifest = JSON.writeValueAsBytes(List.of(
                    Map.of("Config", configName, "RepoTags", List.of(tag), "Layers", List.of(layerName))));

            try (OutputStream file = Files.newOutputStream(partial);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                directory(tar, diffId + "/");
                put(tar, layerName, Files.size(layerTar), out -> {
                    try (InputStream in = Files.newInputStream(layerTar)) {
                        in.transferTo(out);
                    }
                });
                put(tar, configName, configJson.length, out -> out.write(configJson));
                put(tar, "manifest.json", manifest.length, out -> out.write(manifest));
                tar.finish();
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(layerTar);
            Files.deleteIfExists(partial);
        }
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        entry.setModTime(RootFilesystem.MODIFIED.toEpochMilli());
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void put(TarArchiveOutputStream tar, String name, long size, Content content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100644);
        entry.setSize(size);
        entry.setModTime(RootFilesystem.MODIFIED.toEpochMilli());
        tar.putArchiveEntry(entry);
        content.writeTo(tar);
        tar.closeArchiveEntry();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
