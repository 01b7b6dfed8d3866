package io.homeostat.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code BaseImageMain --output target/images/homeostat-base-jre.tar [--only-if-base <image>] [--java-home <jdk>]
 * [--modules a,b,c]}: writes the services' base image. With {@code --only-if-base}, builds only when that is the
 * {@code tar://} reference of the output — so a build whose base image is switched to a registry image (e.g.
 * {@code eclipse-temurin:17-jre}) skips it.
 */
public final class BaseImageMain {

    private BaseImageMain() {
    }

    public static void main(String[] args) throws Exception {
        Path output = null;
        String onlyIfBase = null;
        BaseImageSpec spec = BaseImageSpec.forServices();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--output" -> output = Path.of(require(args[i], value));
                case "--only-if-base" -> onlyIfBase = require(args[i], value);
                case "--java-home" -> spec = new BaseImageSpec(Path.of(require(args[i], value)), spec.modules(),
                        spec.uid(), spec.userName(), spec.tag());
                case "--modules" -> spec = spec.withModules(Arrays.asList(require(args[i], value).split(",")));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --output, --only-if-base, --java-home, --modules)");
            }
            i++;
        }
        if (output == null) {
            throw new IllegalArgumentException("--output <file.tar> is required");
        }
        output = output.toAbsolutePath().normalize();
        if (onlyIfBase != null && !isThisTar(onlyIfBase, output)) {
            System.out.println("base image is " + onlyIfBase + ": not building " + output);
            return;
        }
        long started = System.nanoTime();
        BaseImageBuilder.build(spec, output);
        System.out.printf("base image %s written to %s (%d MiB, %d ms)%n", spec.tag(), output,
                Files.size(output) >> 20, (System.nanoTime() - started) / 1_000_000);
    }

    static boolean isThisTar(String baseImage, Path output) {
        return baseImage.startsWith("tar://")
                && Path.of(baseImage.substring("tar://".length())).toAbsolutePath().normalize().equals(output);
    }

    private static String require(String flag, String value) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
