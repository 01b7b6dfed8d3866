package io.homeostat.images;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What goes into the base image: which JDK to link the runtime from, which of its modules, and the non-root user the
 * services run as.
 *
 * @param javaHome the JDK whose {@code jmods} are linked (and whose {@code jlink} is used)
 * @param modules the Java modules of the runtime
 * @param uid the numeric id of the user (and its group) the containers run as
 * @param userName that user's name in {@code /etc/passwd}
 * @param tag the repository:tag recorded in the archive, as {@code docker load} shows it
 */
public record BaseImageSpec(Path javaHome, List<String> modules, int uid, String userName, String tag) {

    /**
     * The modules the five Quarkus services need: what {@code jdeps --print-module-deps} finds in a service's
     * {@code quarkus-app} jars (java.desktop for java.beans, java.rmi and java.management for JMX, jdk.compiler,
     * java.security.jgss, java.sql, java.naming, jdk.management, jdk.unsupported; their own requirements follow),
     * plus what is only reached through service loaders or by configuration: {@code jdk.crypto.ec} (TLS to AWS with
     * EC cipher suites), {@code jdk.naming.dns} (DNS lookups through JNDI), {@code jdk.zipfs} (jars as file systems)
     * and {@code java.instrument} (so a Java agent, e.g. OpenTelemetry, can be attached by configuration). The
     * services-image test starts a service on this runtime, so a missing module fails the build.
     */
    public static final List<String> SERVICE_MODULES = List.of(
            "java.base", "java.desktop", "java.instrument", "java.logging", "java.management", "java.naming",
            "java.rmi", "java.security.jgss", "java.sql", "java.xml", "jdk.compiler", "jdk.crypto.ec",
            "jdk.management", "jdk.naming.dns", "jdk.unsupported", "jdk.zipfs");

    /** The user the services run as: a high uid that collides with no host or distribution account. */
    public static final int SERVICE_UID = 10001;

    public BaseImageSpec {
        Objects.requireNonNull(javaHome, "javaHome");
        modules = List.copyOf(modules);
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("the runtime needs at least one module (java.base)");
        }
        if (uid <= 0) {
            throw new IllegalArgumentException("uid must be a non-root id (> 0), was " + uid);
        }
    }

    /** The services' base image, linked from the JDK running this build. */
    public static BaseImageSpec forServices() {
        return new BaseImageSpec(Path.of(System.getProperty("java.home")), SERVICE_MODULES, SERVICE_UID, "homeostat",
                "homeostat/base-jre:" + Runtime.version().feature());
    }

    public BaseImageSpec withModules(List<String> otherModules) {
        return new BaseImageSpec(javaHome, otherModules, uid, userName, tag);
    }
}
