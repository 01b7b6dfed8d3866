package io.homeostat.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * Links a trimmed Java runtime with {@code jlink}: only the modules the services use, no debug symbols, headers or man
 * pages. Uses the JDK's own jlink in-process when it links its own modules, else that JDK's {@code bin/jlink}.
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
        boolean ownJdk = javaHome.toRealPath().equals(Path.of(System.getProperty("java.home")).toRealPath());
        var found = ownJdk ? ToolProvider.findFirst("jlink") : java.util.Optional.<ToolProvider>empty();
        if (found.isPresent()) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
            int code = found.get().run(out, out, args.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("jlink failed (" + code + "): " + log.toString(StandardCharsets.UTF_8));
            }
            return;
        }
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
