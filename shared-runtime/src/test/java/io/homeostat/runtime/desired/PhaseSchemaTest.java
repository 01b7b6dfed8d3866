package io.homeostat.runtime.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions;
import io.homeostat.runtime.provider.ec2.SecurityGroupProvider;
import io.homeostat.runtime.provider.ec2.SecurityGroupRule;
import io.homeostat.runtime.provider.s3.S3BucketActions;
import io.homeostat.runtime.provider.s3.S3BucketProvider;
import io.homeostat.runtime.provider.sns.SnsTopicActions;
import io.homeostat.runtime.provider.sns.SnsTopicProvider;
import io.homeostat.runtime.provider.sqs.SqsQueueActions;
import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import io.homeostat.runtime.provider.ssm.SsmParameterActions;
import io.homeostat.runtime.provider.ssm.SsmParameterProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/phases.schema.json, the schema editors use for phase files: it accepts the repository's phase files and a valid
 * example of every type, rejects what the loader or the providers reject, and lists exactly the providers' keys.
 */
class PhaseSchemaTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root;
    private static JsonNode schemaNode;
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        // Run from the module (shared-runtime/) as Maven does, or from the repository root.
        root = Files.isDirectory(dir.resolve("phases")) ? dir : dir.getParent();
        schemaNode = JSON.readTree(root.resolve("docs/phases.schema.json").toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaNode);
    }

    private static List<String> errors(String yaml) throws IOException {
        return errors(YAML.readTree(yaml));
    }

    private static List<String> errors(JsonNode document) {
        return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    @Test
    void theSchemaIsDraft07() {
        assertEquals("http://json-schema.org/draft-07/schema#", schemaNode.get("$schema").asText());
    }

    @Test
    void theRepositorysPhaseFilesAreValidAndPointEditorsAtTheSchema() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(root.resolve("phases"))) {
            files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no phase files under " + root.resolve("phases"));
        assertTrue(files.contains(root.resolve("phases/10-messaging.yaml")));
        for (Path file : files) {
            String text = Files.readString(file);
            assertEquals(List.of(), errors(text), file.toString());
            assertTrue(text.startsWith("# yaml-language-server: $schema=../docs/phases.schema.json\n"),
                    file + " starts with the yaml-language-server modeline");
        }
    }

    @Test
    void theDocumentedPhaseExamplesAreValid() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("docs/phases.md")));
        try (Stream<Path> s = Files.list(root.resolve("docs/providers"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        Pattern block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
        int checked = 0;
        for (Path doc : docs) {
            Matcher m = block.matcher(Files.readString(doc));
            while (m.find()) {
                JsonNode example = YAML.readTree(m.group(1));
                if (example != null && example.has("resources")) { // a whole phase file, not a fragment
                    assertEquals(List.of(), errors(example), doc + ": example\n" + m.group(1));
                    checked++;
                }
            }
        }
        assertTrue(checked > 0, "no phase file examples found in " + docs);
    }

    static Stream<Arguments> validExamples() {
        return Stream.of(
                Arguments.of("aws.sqs.queue", """
                        phase: messaging
                        defaults: {account: "123456789012", region: us-east-1, drift: notify}
                        resources:
                          orders-queue:
                            type: aws.sqs.queue
                            name: orders.fifo
                            properties:
                              VisibilityTimeout: 30
                              DelaySeconds: "0"
                              MessageRetentionPeriod: 345600
                              MaximumMessageSize: 262144
                              ReceiveMessageWaitTimeSeconds: 20
                              RedrivePolicy: {deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:dlq", maxReceiveCount: 5}
                              RedriveAllowPolicy: '{"redrivePermission":"denyAll"}'
                              Policy: {Version: "2012-10-17", Statement: []}
                              KmsMasterKeyId: alias/aws/sqs
                              KmsDataKeyReusePeriodSeconds: 300
                              SqsManagedSseEnabled: false
                              FifoQueue: true
                              ContentBasedDeduplication: "true"
                              DeduplicationScope: messageGroup
                              FifoThroughputLimit: perMessageGroupId
                            tags: {team: payments, cost-centre: 42}
                            drift: auto-heal
                          bare-queue:
                            type: aws.sqs.queue
                            name: bare
                        """),
                Arguments.of("aws.dynamodb.table", """
                        resources:
                          orders-table:
                            type: aws.dynamodb.table
                            name: orders
                            properties:
                              KeySchema:
                                hash: {name: customerId, type: S}
                                range: {name: orderedAt, type: N}
                              BillingMode: PROVISIONED
                              ReadCapacityUnits: 5
                              WriteCapacityUnits: "5"
                              DeletionProtectionEnabled: true
                              PointInTimeRecovery: "TRUE"
                          sessions-table:
                            type: aws.dynamodb.table
                            name: sessions
                            properties:
                              KeySchema: {hash: {name: id, type: S}}
                        """),
                Arguments.of("aws.s3.bucket", """
                        resources:
                          reports-bucket:
                            type: aws.s3.bucket
                            name: homeostat-reports
                            region: eu-west-1
                            properties:
                              Versioning: Enabled
                              Encryption: {Algorithm: "aws:kms", KmsKeyId: alias/reports}
                              PublicAccessBlock: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
                          logs-bucket:
                            type: aws.s3.bucket
                            name: homeostat-logs
                            properties:
                              Versioning: Suspended
                              Encryption: {Algorithm: AES256}
                        """),
                Arguments.of("aws.sns.topic", """
                        resources:
                          alerts-topic:
                            type: aws.sns.topic
                            name: alerts
                            properties:
                              DisplayName: Alerts
                              Policy: {Version: "2012-10-17", Statement: []}
                              DeliveryPolicy: '{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}'
                              KmsMasterKeyId: alias/aws/sns
                              TracingConfig: Active
                              SignatureVersion: 2
                            tags: {team: ops}
                        """),
                Arguments.of("aws.ec2.security-group", """
                        resources:
                          web-sg:
                            type: aws.ec2.security-group
                            name: web
                            properties:
                              Description: Web tier
                              VpcId: vpc-0123456789abcdef0
                              ingress:
                                - {protocol: tcp, port: 443, cidr: 0.0.0.0/0, description: HTTPS}
                                - {protocol: tcp, fromPort: 8000, toPort: 8100, cidr6: "::/0"}
                                - {protocol: icmp, cidr: 10.0.0.0/8}
                                - {protocol: udp, port: "53", group: sg-0123abcd}
                                - {protocol: 50, prefixList: pl-0123abcd}
                              egress:
                                - {protocol: all, cidr: 0.0.0.0/0}
                                - {protocol: "-1", cidr6: "::/0"}
                          closed-sg:
                            type: aws.ec2.security-group
                            name: closed
                            properties: {ingress: [], egress: []}
                        """),
                Arguments.of("aws.ssm.parameter", """
                        resources:
                          db-url:
                            type: aws.ssm.parameter
                            name: /app/db/url
                            properties:
                              Type: String
                              Value: jdbc:postgresql://db:5432/app
                              Description: Database URL
                              DataType: text
                          hosts:
                            type: aws.ssm.parameter
                            name: /app/hosts
                            properties: {Type: StringList, Value: [a.example.com, b.example.com]}
                          port:
                            type: aws.ssm.parameter
                            name: /app/port
                            properties: {Value: 5432}
                          secret:
                            type: aws.ssm.parameter
                            name: /app/secret
                            properties: {Type: SecureString, Value: s3cr3t}
                        """),
                Arguments.of("empty sections", """
                        phase: later
                        defaults:
                        resources:
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void aValidExampleOfEveryTypeIsAccepted(String name, String yaml) throws IOException {
        assertEquals(List.of(), errors(yaml));
    }

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                Arguments.of("unknown top-level key", """
                        phase: messaging
                        resourcez: {}
                        """, "$: property 'resourcez' is not defined"),
                Arguments.of("unknown defaults key", """
                        defaults: {regoin: us-east-1}
                        """, "regoin"),
                Arguments.of("unknown resource key", """
                        resources:
                          orders-queue:
                            type: aws.sqs.queue
                            name: orders
                            propertes: {VisibilityTimeout: 30}
                        """, "$.resources.orders-queue: property 'propertes' is not defined"),
                Arguments.of("bad drift value", """
                        defaults: {drift: sometimes}
                        resources: {}
                        """, "$.defaults.drift"),
                Arguments.of("bad resource drift value", """
                        resources:
                          q: {type: aws.sqs.queue, name: q, drift: heal}
                        """, "$.resources.q.drift"),
                Arguments.of("missing name", """
                        resources:
                          q: {type: aws.sqs.queue}
                        """, "name"),
                Arguments.of("unknown type", """
                        resources:
                          q: {type: aws.sqs.queu, name: q}
                        """, "$.resources.q.type"),
                Arguments.of("unquoted account", """
                        defaults: {account: 123456789012}
                        """, "$.defaults.account"),
                Arguments.of("aws: tag key", """
                        resources:
                          q: {type: aws.sqs.queue, name: q, tags: {"aws:owner": me}}
                        """, "aws:owner"),
                Arguments.of("sqs VisibilityTimeout as a map", """
                        resources:
                          q:
                            type: aws.sqs.queue
                            name: q
                            properties:
                              VisibilityTimeout: {seconds: 30}
                        """, "$.resources.q.properties.VisibilityTimeout"),
                Arguments.of("sqs unknown attribute", """
                        resources:
                          q: {type: aws.sqs.queue, name: q, properties: {VisibilityTimeOut: 30}}
                        """, "VisibilityTimeOut"),
                Arguments.of("sqs DelaySeconds out of range", """
                        resources:
                          q: {type: aws.sqs.queue, name: q, properties: {DelaySeconds: 901}}
                        """, "$.resources.q.properties.DelaySeconds"),
                Arguments.of("dynamodb without KeySchema", """
                        resources:
                          t: {type: aws.dynamodb.table, name: orders, properties: {BillingMode: PAY_PER_REQUEST}}
                        """, "KeySchema"),
                Arguments.of("dynamodb bad key type", """
                        resources:
                          t: {type: aws.dynamodb.table, name: orders, properties: {KeySchema: {hash: {name: id, type: X}}}}
                        """, "$.resources.t.properties.KeySchema.hash.type"),
                Arguments.of("dynamodb PROVISIONED without capacity", """
                        resources:
                          t: {type: aws.dynamodb.table, name: orders, properties: {KeySchema: {hash: {name: id, type: S}}, BillingMode: PROVISIONED}}
                        """, "ReadCapacityUnits"),
                Arguments.of("dynamodb only one capacity", """
                        resources:
                          t: {type: aws.dynamodb.table, name: orders, properties: {KeySchema: {hash: {name: id, type: S}}, ReadCapacityUnits: 5}}
                        """, "WriteCapacityUnits"),
                Arguments.of("bad s3 Versioning value", """
                        resources:
                          b:
                            type: aws.s3.bucket
                            name: reports
                            properties:
                              Versioning: enabled
                        """, "$.resources.b.properties.Versioning"),
                Arguments.of("bad s3 encryption algorithm", """
                        resources:
                          b: {type: aws.s3.bucket, name: reports, properties: {Encryption: {Algorithm: DES}}}
                        """, "$.resources.b.properties.Encryption.Algorithm"),
                Arguments.of("unknown s3 public access flag", """
                        resources:
                          b: {type: aws.s3.bucket, name: reports, properties: {PublicAccessBlock: {BlockEverything: true}}}
                        """, "BlockEverything"),
                Arguments.of("bad sns TracingConfig", """
                        resources:
                          t: {type: aws.sns.topic, name: alerts, properties: {TracingConfig: On}}
                        """, "$.resources.t.properties.TracingConfig"),
                Arguments.of("ec2 rule missing protocol", """
                        resources:
                          sg:
                            type: aws.ec2.security-group
                            name: web
                            properties:
                              ingress:
                                - {port: 443, cidr: 0.0.0.0/0}
                        """, "$.resources.sg.properties.ingress[0]: required property 'protocol'"),
                Arguments.of("ec2 rule with two sources", """
                        resources:
                          sg: {type: aws.ec2.security-group, name: web, properties: {ingress: [{protocol: tcp, port: 443, cidr: 0.0.0.0/0, cidr6: "::/0"}]}}
                        """, "$.resources.sg.properties.ingress[0]"),
                Arguments.of("ec2 tcp rule without port", """
                        resources:
                          sg: {type: aws.ec2.security-group, name: web, properties: {ingress: [{protocol: tcp, cidr: 0.0.0.0/0}]}}
                        """, "$.resources.sg.properties.ingress[0]"),
                Arguments.of("ec2 rule with port and fromPort", """
                        resources:
                          sg: {type: aws.ec2.security-group, name: web, properties: {egress: [{protocol: tcp, port: 443, fromPort: 1, toPort: 2, cidr: 0.0.0.0/0}]}}
                        """, "$.resources.sg.properties.egress[0]"),
                Arguments.of("ssm without Value", """
                        resources:
                          p: {type: aws.ssm.parameter, name: /app/x, properties: {Type: String}}
                        """, "Value"),
                Arguments.of("ssm list Value without StringList", """
                        resources:
                          p: {type: aws.ssm.parameter, name: /app/x, properties: {Type: String, Value: [a, b]}}
                        """, "$.resources.p.properties.Type"),
                Arguments.of("ssm bad Type", """
                        resources:
                          p: {type: aws.ssm.parameter, name: /app/x, properties: {Type: Secret, Value: x}}
                        """, "$.resources.p.properties.Type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void anInvalidDocumentIsRejectedNamingWhere(String name, String yaml, String fragment) throws IOException {
        List<String> errors = errors(yaml);
        assertFalse(errors.isEmpty(), "accepted: " + yaml);
        assertTrue(errors.stream().anyMatch(e -> e.contains(fragment)), () -> "no error mentions '" + fragment + "': " + errors);
    }

    // ------------------------------------------------------------- the schema follows the providers

    @Test
    void theTypesAreTheSixProvidersTypes() {
        assertEquals(Set.of(SqsQueueActions.TYPE, DynamoDbTableActions.TYPE, S3BucketActions.TYPE, SnsTopicActions.TYPE,
                        SecurityGroupActions.TYPE, SsmParameterActions.TYPE),
                names(schemaNode.at("/definitions/resource/properties/type/enum"), true));
        List<String> conditional = new ArrayList<>();
        schemaNode.at("/definitions/resource/allOf").forEach(c -> conditional.add(c.at("/if/properties/type/const").asText()));
        assertEquals(names(schemaNode.at("/definitions/resource/properties/type/enum"), true), new TreeSet<>(conditional),
                "every type has its properties schema");
    }

    @Test
    void eachTypeListsExactlyTheProvidersProperties() {
        assertEquals(SqsQueueProvider.ATTRIBUTES, properties("sqsQueueProperties"));
        assertEquals(DynamoDbTableProvider.PROPERTIES, properties("dynamoDbTableProperties"));
        assertEquals(S3BucketProvider.PROPERTIES, properties("s3BucketProperties"));
        assertEquals(SnsTopicProvider.PROPERTIES, properties("snsTopicProperties"));
        assertEquals(SecurityGroupProvider.PROPERTIES, properties("securityGroupProperties"));
        assertEquals(SecurityGroupRule.KEYS, properties("securityGroupRule"));
        assertEquals(SsmParameterProvider.PROPERTIES, properties("ssmParameterProperties"));
        assertEquals(S3BucketProvider.VERSIONING_STATUSES,
                names(schemaNode.at("/definitions/s3BucketProperties/properties/Versioning/enum"), true));
        assertEquals(S3BucketProvider.ALGORITHMS,
                names(schemaNode.at("/definitions/s3BucketProperties/properties/Encryption/properties/Algorithm/enum"), true));
        assertEquals(SnsTopicProvider.TRACING_CONFIGS,
                names(schemaNode.at("/definitions/snsTopicProperties/properties/TracingConfig/enum"), true));
        assertEquals(SsmParameterProvider.TYPES, names(schemaNode.at("/definitions/ssmParameterProperties/properties/Type/enum"), true));
        assertEquals(SsmParameterProvider.DATA_TYPES,
                names(schemaNode.at("/definitions/ssmParameterProperties/properties/DataType/enum"), true));
    }

    @Test
    void theDriftModesAreDriftModes() {
        Set<String> modes = new TreeSet<>();
        for (DriftMode m : DriftMode.values()) {
            modes.add(JSON.convertValue(m, String.class));
        }
        assertEquals(modes, names(schemaNode.at("/definitions/drift/enum"), true));
    }

    private static Set<String> properties(String definition) {
        return names(schemaNode.at("/definitions/" + definition + "/properties"), false);
    }

    private static Set<String> names(JsonNode node, boolean values) {
        assertFalse(node.isMissingNode(), "missing in the schema");
        Set<String> out = new TreeSet<>();
        if (values) {
            node.forEach(v -> out.add(v.asText()));
        } else {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }
}
