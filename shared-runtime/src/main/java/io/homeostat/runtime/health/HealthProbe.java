package io.homeostat.runtime.health;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * A health check run inside the container, for platforms that check by command (ECS container health checks): the
 * service images have no shell and no curl, so the check is the image's own java running this class from the
 * service's libraries —
 * {@code java -cp "/deployments/lib/main/*" io.homeostat.runtime.health.HealthProbe http://localhost:8081/q/health/ready}.
 * Exit code 0 when the endpoint answers 200, 1 otherwise (any other status, refused, timed out).
 */
public final class HealthProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private HealthProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HealthProbe <url>, e.g. http://localhost:8081/q/health/ready");
            System.exit(2);
        }
        System.exit(healthy(URI.create(args[0]), TIMEOUT) ? 0 : 1);
    }

    /** True when {@code url} answers GET with 200; prints the status (or the failure) for the platform's log. */
    static boolean healthy(URI url, Duration timeout) {
        try {
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            int status = connection.getResponseCode();
            System.out.println(url + " -> " + status);
            connection.disconnect();
            return status == 200;
        } catch (IOException | IllegalArgumentException e) {
            System.out.println(url + " -> " + e);
            return false;
        }
    }
}
