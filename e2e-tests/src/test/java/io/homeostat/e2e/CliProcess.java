package io.homeostat.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged CLI ({@code cli/target/homeostat-cli.jar}) run as a process, the way an operator or a script runs it. */
final class CliProcess {

    record Result(int exitCode, String out, String err) {}

    private CliProcess() {}

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    /** With {@code env} added to the process's environment (e.g. AWS credentials for {@code homeostat bootstrap}). */
    static Result run(Map<String, String> env, String... args) {
        Path jar = Pipeline.ROOT.resolve("cli/target/homeostat-cli.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("CLI not packaged: " + jar + " (run ./mvnw verify from the root)");
        }
        List<String> cmd = new ArrayList<>(List.of(ServiceProcess.javaBin(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("cli", ".out");
            Path err = Files.createTempFile("cli", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("HOMEOSTAT_TOKEN");
            pb.environment().remove("HOMEOSTAT_API");
            pb.environment().remove("HOMEOSTAT_PLANNER_API");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("CLI did not finish: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
