package io.homeostat.localstack;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The embedded AWS stack: ElasticMQ and DynamoDB Local for Homeostat's control plane, and the managed cloud (moto,
 * or a second ElasticMQ when moto is not installed). Used in-process by tests and, through {@link LocalStackMain}, as
 * a JVM of its own so that killing a service never loses a queued message.
 */
public final class EmulatorStack implements AutoCloseable {

    /** Account and region the emulators report in ARNs and queue URLs; moto's default account. */
    public static final String ACCOUNT = "123456789012";

    public static final String REGION = "us-east-1";

    /**
     * @param controlSqsPort 0 for any free port
     * @param dynamodbPort 0 for any free port
     * @param cloudPort 0 for any free port
     * @param dataDir where DynamoDB Local keeps its tables across restarts; {@code null} keeps them in memory
     * @param requireMoto fail instead of falling back to ElasticMQ when moto_server is not installed
     * @param logDir where moto_server's output goes; {@code null} discards it
     */
    public record Options(int controlSqsPort, int dynamodbPort, int cloudPort, Path dataDir, boolean requireMoto, Path logDir) {

        public static Options ephemeral() {
            return new Options(0, 0, 0, null, false, null);
        }

        public Options withRequireMoto(boolean require) {
            return new Options(controlSqsPort, dynamodbPort, cloudPort, dataDir, require, logDir);
        }
    }

    private final List<AutoCloseable> running = new ArrayList<>();
    private Endpoints endpoints;

    private EmulatorStack() {}

    public static EmulatorStack start(Options options) throws Exception {
        EmulatorStack stack = new EmulatorStack();
        try {
            stack.startAll(options);
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll(Options options) throws Exception {
        int sqsPort = FreePorts.pick(options.controlSqsPort());
        startElasticMq(sqsPort);
        int ddbPort = FreePorts.pick(options.dynamodbPort());
        startDynamoDb(ddbPort, options.dataDir());

        int cloudPort = FreePorts.pick(options.cloudPort());
        String cloudKind;
        var moto = MotoServer.locate();
        if (moto.isPresent()) {
            Path log = options.logDir() == null ? null : options.logDir().resolve("moto.log");
            running.add(MotoServer.start(moto.get(), cloudPort, log));
            cloudKind = Endpoints.CLOUD_MOTO;
        } else if (options.requireMoto()) {
            throw new IllegalStateException("moto_server was not found on PATH or in ~/.pyenv/shims; " + MotoServer.INSTALL_HINT);
        } else {
            // Without moto the stack still runs, managing only what ElasticMQ serves: SQS queues.
            startElasticMq(cloudPort);
            cloudKind = Endpoints.CLOUD_ELASTICMQ;
        }
        endpoints = new Endpoints(url(sqsPort), url(ddbPort), url(cloudPort), cloudKind);
    }

    private void startElasticMq(int port) {
        SQSRestServer server = SQSRestServerBuilder.withPort(port)
                .withInterface("127.0.0.1")
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSAccountId(ACCOUNT)
                .withAWSRegion(REGION)
                .start();
        server.waitUntilStarted();
        running.add(server::stopAndWait);
    }

    private void startDynamoDb(int port, Path dataDir) throws Exception {
        List<String> args = new ArrayList<>(List.of("-disableTelemetry", "-port", Integer.toString(port), "-sharedDb"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            Files.createDirectories(dataDir);
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        server.start();
        running.add(server::stop);
        FreePorts.awaitListening("DynamoDB Local", port, Duration.ofSeconds(20));
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("local-stack: stopping an emulator failed: " + e);
            }
        }
        running.clear();
    }

}
