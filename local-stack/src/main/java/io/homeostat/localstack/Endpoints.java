package io.homeostat.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the running emulators listen. Written as a properties file so that scripts, services and tests in other
 * processes can find the stack without guessing ports.
 *
 * @param controlSqs ElasticMQ serving Homeostat's own queues (the control plane)
 * @param controlDynamodb DynamoDB Local serving Homeostat's own tables
 * @param cloud the managed cloud: moto_server when installed, else a second ElasticMQ (SQS only)
 * @param cloudKind {@code moto} or {@code elasticmq}
 */
public record Endpoints(String controlSqs, String controlDynamodb, String cloud, String cloudKind) {

    public static final String CLOUD_MOTO = "moto";
    public static final String CLOUD_ELASTICMQ = "elasticmq";

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("control.sqs", controlSqs);
        p.setProperty("control.dynamodb", controlDynamodb);
        p.setProperty("cloud.endpoint", cloud);
        p.setProperty("cloud.kind", cloudKind);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "endpoints", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "Homeostat local stack endpoints");
        }
        // Atomic so a reader polling for the file never sees half of it.
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public static Endpoints read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return new Endpoints(
                p.getProperty("control.sqs"),
                p.getProperty("control.dynamodb"),
                p.getProperty("cloud.endpoint"),
                p.getProperty("cloud.kind"));
    }
}
