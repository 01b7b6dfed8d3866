package io.homeostat.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * moto_server (Python moto) as a child process: the managed cloud for every AWS type beyond what the Java emulators
 * serve. Killed with this JVM, so it never outlives the stack.
 */
public final class MotoServer implements AutoCloseable {

    public static final String INSTALL_HINT = "install it with: pip install 'moto[server]'";

    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Looks on PATH and in pyenv's shims (a login shell puts those on PATH; CI's non-login shell may not).
     */
    public static Optional<Path> locate() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "moto_server"));
                }
            }
        }
        String home = System.getProperty("user.home");
        candidates.add(Path.of(home, ".pyenv", "shims", "moto_server"));
        candidates.add(Path.of(home, ".local", "bin", "moto_server"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    public static MotoServer start(Path binary, int port, Path logFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port));
        pb.redirectErrorStream(true);
        if (logFile != null) {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        MotoServer server = new MotoServer(p, port);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!FreePorts.isListening(port)) {
                if (!p.isAlive()) {
                    throw new IOException("moto_server exited with code " + p.exitValue() + " before listening on port " + port
                            + (logFile != null ? " (see " + logFile + ")" : ""));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("moto_server did not listen on port " + port + " within 30 s");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("interrupted while starting moto_server", e);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        // pyenv shims exec into python, but kill descendants too in case a wrapper script stays in between.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
