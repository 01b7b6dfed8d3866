package io.homeostat.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

class EmulatorStackTest {

    @Test
    void startsEveryEmulatorAndWritesEndpoints(@TempDir Path dir) throws Exception {
        // CI has moto installed; requiring it here proves the stack finds it without a login shell's PATH.
        try (EmulatorStack stack = EmulatorStack.start(EmulatorStack.Options.ephemeral().withRequireMoto(true))) {
            Endpoints e = stack.endpoints();
            assertEquals(Endpoints.CLOUD_MOTO, e.cloudKind());
            for (String url : new String[] {e.controlSqs(), e.controlDynamodb(), e.cloud()}) {
                assertTrue(FreePorts.isListening(URI.create(url).getPort()), url + " should listen");
            }
            try (SqsClient sqs = client(e.controlSqs())) {
                String url = sqs.createQueue(b -> b.queueName("probe")).queueUrl();
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello"));
                assertEquals("hello", sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().get(0).body());
            }
            Path file = dir.resolve("endpoints.properties");
            e.write(file);
            assertEquals(e, Endpoints.read(file));
            assertTrue(Files.size(file) > 0);
        }
    }

    private static SqsClient client(String endpoint) {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
