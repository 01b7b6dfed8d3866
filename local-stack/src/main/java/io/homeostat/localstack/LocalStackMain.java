package io.homeostat.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Command line of the local stack.
 *
 * <pre>
 * start  [--sqs-port N] [--dynamodb-port N] [--cloud-port N] [--data-dir DIR] [--endpoints-file FILE] [--require-moto]
 * tamper --endpoint URL --queue NAME [--set Attribute=Value]... [--untag KEY]... [--delete]
 * </pre>
 *
 * {@code tamper} changes a managed queue as an outside user would, for demos and manual checks.
 */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        Map<String, List<String>> opts = parse(args);
        switch (args[0]) {
            case "start" -> start(opts);
            case "tamper" -> tamper(opts);
            default -> {
                System.err.println("local-stack: unknown command '" + args[0] + "'");
                usage();
                System.exit(2);
            }
        }
    }

    private static void start(Map<String, List<String>> opts) throws Exception {
        Path dataDir = opts.containsKey("--data-dir") ? Path.of(one(opts, "--data-dir")) : null;
        Path endpointsFile = Path.of(opts.containsKey("--endpoints-file") ? one(opts, "--endpoints-file") : "endpoints.properties");
        var options = new EmulatorStack.Options(
                intOpt(opts, "--sqs-port", 0),
                intOpt(opts, "--dynamodb-port", 0),
                intOpt(opts, "--cloud-port", 0),
                dataDir,
                opts.containsKey("--require-moto"),
                endpointsFile.toAbsolutePath().getParent());
        long t0 = System.nanoTime();
        EmulatorStack stack = EmulatorStack.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        Endpoints e = stack.endpoints();
        e.write(endpointsFile);
        System.out.printf("local-stack ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        System.out.println("  control SQS (ElasticMQ):    " + e.controlSqs());
        System.out.println("  control DynamoDB (Local):   " + e.controlDynamodb());
        System.out.println("  managed cloud (" + e.cloudKind() + "):" + " ".repeat(Math.max(1, 12 - e.cloudKind().length())) + e.cloud());
        if (Endpoints.CLOUD_ELASTICMQ.equals(e.cloudKind())) {
            System.out.println("  moto_server not found: only aws.sqs.queue can be managed; " + MotoServer.INSTALL_HINT);
        }
        System.out.println("  endpoints file:             " + endpointsFile.toAbsolutePath());
        System.out.flush();
        stopped.await();
    }

    private static void tamper(Map<String, List<String>> opts) {
        String endpoint = one(opts, "--endpoint");
        String queue = one(opts, "--queue");
        try (SqsClient sqs = SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(EmulatorStack.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("tamperer", "tamperer")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            if (opts.containsKey("--delete")) {
                sqs.deleteQueue(b -> b.queueUrl(url));
                System.out.println("tamper: deleted queue " + queue);
                return;
            }
            Map<QueueAttributeName, String> attrs = new LinkedHashMap<>();
            for (String kv : opts.getOrDefault("--set", List.of())) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--set takes Attribute=Value, got '" + kv + "'");
                }
                attrs.put(QueueAttributeName.fromValue(kv.substring(0, eq)), kv.substring(eq + 1));
            }
            if (!attrs.isEmpty()) {
                sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attrs));
                System.out.println("tamper: set " + attrs + " on queue " + queue);
            }
            List<String> untag = opts.getOrDefault("--untag", List.of());
            if (!untag.isEmpty()) {
                sqs.untagQueue(b -> b.queueUrl(url).tagKeys(untag));
                System.out.println("tamper: removed tags " + untag + " from queue " + queue);
            }
        }
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> opts = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + key + "'");
            }
            boolean flag = key.equals("--require-moto") || key.equals("--delete");
            String value = flag ? "" : (i + 1 < args.length ? args[++i] : null);
            if (value == null) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            opts.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return opts;
    }

    private static String one(Map<String, List<String>> opts, String key) {
        List<String> v = opts.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v.get(v.size() - 1);
    }

    private static int intOpt(Map<String, List<String>> opts, String key, int dflt) {
        return opts.containsKey(key) ? Integer.parseInt(one(opts, key)) : dflt;
    }

    private static void usage() {
        System.err.println("""
                usage: local-stack start  [--sqs-port N] [--dynamodb-port N] [--cloud-port N] [--data-dir DIR]
                                          [--endpoints-file FILE] [--require-moto]
                       local-stack tamper --endpoint URL --queue NAME [--set Attribute=Value]... [--untag KEY]... [--delete]""");
    }
}
