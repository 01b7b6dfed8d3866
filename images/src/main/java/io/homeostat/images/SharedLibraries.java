package io.homeostat.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the system shared libraries (glibc, libz, the dynamic loader, ...) a linked runtime needs, by asking
 * {@code ldd} about each of its ELF files. Libraries inside the runtime itself are left out: they come with it.
 */
final class SharedLibraries {

    /** {@code libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)} or {@code /lib64/ld-linux-x86-64.so.2 (0x...)}. */
    private static final Pattern LIBRARY = Pattern.compile("^\\s*(?:\\S+\\s+=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)\\s*$");
    private static final Pattern NOT_FOUND = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found\\s*$");

    private SharedLibraries() {
    }

    /** The absolute paths, as the loader looks them up, of every system library an ELF file under {@code root} needs. */
    static Set<Path> neededBy(Path root) throws IOException, InterruptedException {
        Set<Path> libraries = new TreeSet<>();
        List<Path> elfFiles;
        try (Stream<Path> files = Files.walk(root)) {
            elfFiles = files.filter(Files::isRegularFile).filter(SharedLibraries::isElf).toList();
        }
        Path realRoot = root.toRealPath();
        // The runtime's own libraries (libjvm.so in lib/server, ...) are found at run time through RPATH/$ORIGIN or
        // by the launcher, not by ldd: "not found" is expected for them.
        Set<String> own = new TreeSet<>();
        elfFiles.forEach(f -> own.add(f.getFileName().toString()));
        for (Path elf : elfFiles) {
            for (Path library : ldd(elf, own)) {
                if (!library.toRealPath().startsWith(realRoot)) {
                    libraries.add(library);
                }
            }
        }
        return libraries;
    }

    static List<Path> parse(String lddOutput, Path file, Set<String> ownLibraries) {
        List<Path> found = new ArrayList<>();
        for (String line : lddOutput.split("\n")) {
            Matcher missing = NOT_FOUND.matcher(line);
            if (missing.matches() && !ownLibraries.contains(missing.group(1))) {
                throw new IllegalStateException(file + " needs " + missing.group(1) + ", which ldd cannot find");
            }
            Matcher library = LIBRARY.matcher(line);
            if (library.matches()) {
                found.add(Path.of(library.group(1)));
            }
        }
        return found;
    }

    private static List<Path> ldd(Path elf, Set<String> ownLibraries) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ldd", elf.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0) {
            // ldd exits 1 for a static file ("not a dynamic executable"): nothing to add.
            if (output.contains("not a dynamic executable") || output.contains("statically linked")) {
                return List.of();
            }
            throw new IllegalStateException("ldd " + elf + " failed (" + code + "): " + output.strip());
        }
        return parse(output, elf, ownLibraries);
    }

    private static boolean isElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
