package io.homeostat.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The files of an image layer, written as a tar that is the same byte for byte whenever the inputs are: entries
 * sorted by path, one fixed modification time, numeric owners only. Parent directories are added as needed.
 */
final class RootFilesystem {

    /** One second after the epoch, as jib stamps its layers: reproducible, and not mistaken for "unset". */
    static final Instant MODIFIED = Instant.ofEpochSecond(1);

    private sealed interface Entry permits Directory, RegularFile, Symlink {
    }

    private record Directory(int mode, int owner) implements Entry {
    }

    private record RegularFile(int mode, int owner, Path source, byte[] content) implements Entry {
    }

    private record Symlink(String target) implements Entry {
    }

    private final Map<String, Entry> entries = new TreeMap<>();

    /** A directory owned by {@code owner} (uid and gid), e.g. a writable home or /tmp. */
    RootFilesystem directory(String path, int mode, int owner) {
        String name = normalize(path);
        parents(name);
        entries.put(name, new Directory(mode, owner));
        return this;
    }

    RootFilesystem file(String path, int mode, String content) {
        String name = normalize(path);
        parents(name);
        entries.put(name, new RegularFile(mode, 0, null, content.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** A copy of {@code source} (a symlink is followed: the image gets the file's content). */
    RootFilesystem copy(Path source, String path) throws IOException {
        String name = normalize(path);
        parents(name);
        entries.put(name, new RegularFile(modeOf(source), 0, source, null));
        return this;
    }

    RootFilesystem symlink(String path, String target) {
        String name = normalize(path);
        parents(name);
        entries.put(name, new Symlink(target));
        return this;
    }

    /** Copies the tree under {@code source} to {@code path}, keeping its permissions and symbolic links. */
    RootFilesystem tree(Path source, String path) throws IOException {
        String base = normalize(path);
        directory(base, 0755, 0);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(f -> !f.equals(source)).toList()) {
                String name = base + "/" + source.relativize(file).toString().replace('\\', '/');
                if (Files.isSymbolicLink(file)) {
                    symlink(name, Files.readSymbolicLink(file).toString());
                } else if (Files.isDirectory(file)) {
                    directory(name, modeOf(file), 0);
                } else {
                    copy(file, name);
                }
            }
        }
        return this;
    }

    boolean contains(String path) {
        return entries.containsKey(normalize(path));
    }

    /** Writes the layer as an uncompressed tar. */
    void writeTar(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String name = e.getKey();
            TarArchiveEntry header;
            if (e.getValue() instanceof Directory d) {
                header = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
                header.setMode(040000 | d.mode());
                owner(header, d.owner());
            } else if (e.getValue() instanceof RegularFile f) {
                header = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                header.setMode(0100000 | f.mode());
                header.setSize(f.content() != null ? f.content().length : Files.size(f.source()));
                owner(header, f.owner());
            } else {
                header = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                header.setLinkName(((Symlink) e.getValue()).target());
                header.setMode(0120777);
                owner(header, 0);
            }
            header.setModTime(MODIFIED.toEpochMilli());
            tar.putArchiveEntry(header);
            if (e.getValue() instanceof RegularFile f) {
                if (f.content() != null) {
                    tar.write(f.content());
                } else {
                    try (InputStream in = Files.newInputStream(f.source())) {
                        in.transferTo(tar);
                    }
                }
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    private static void owner(TarArchiveEntry header, int id) {
        header.setUserId(id);
        header.setGroupId(id);
        header.setUserName("");
        header.setGroupName("");
    }

    private void parents(String name) {
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            String parent = name.substring(0, slash);
            if (!entries.containsKey(parent)) {
                parents(parent);
                entries.put(parent, new Directory(0755, 0));
            }
        }
    }

    private static String normalize(String path) {
        String name = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (name.isEmpty() || name.contains("..")) {
            throw new IllegalArgumentException("not a path inside the image: " + path);
        }
        return name;
    }

    private static int modeOf(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        // Only "executable or not" matters in an image whose files root owns: everything readable, nothing writable.
        boolean executable = permissions.contains(PosixFilePermission.OWNER_EXECUTE)
                || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS);
        return executable ? 0755 : 0644;
    }
}
