package io.homeostat.runtime.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.desired.PhaseLoader;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider;
import io.homeostat.runtime.provider.ec2.SecurityGroupProvider;
import io.homeostat.runtime.provider.s3.S3BucketProvider;
import io.homeostat.runtime.provider.sns.SnsTopicProvider;
import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import io.homeostat.runtime.provider.ssm.SsmParameterProvider;
import io.homeostat.runtime.ratelimit.RateBudgets;
import io.homeostat.runtime.testing.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The import round trip against moto, per type: resources made out-of-band as a person would are imported; the
 * generated file validates against docs/phases.schema.json and the loader; loaded as desired state, every provider
 * reports them up to date and plans nothing.
 */
class ImporterRoundTripTest {

    static final String REGION = "us-east-1";

    static CloudClients clients;
    static ProviderRegistry registry;
    static JsonSchema schema;

    @TempDir
    Path dir;

    @BeforeAll
    static void stack() throws Exception {
        LocalAws aws = LocalAws.get();
        clients = new CloudClients(Optional.of(aws.endpoints().cloud()), Optional.of("k"), Optional.of("s"));
        registry = new ProviderRegistry(List.of(new SqsQueueProvider(clients, REGION), new SnsTopicProvider(clients, REGION),
                new S3BucketProvider(clients, REGION), new SecurityGroupProvider(clients, REGION),
                new DynamoDbTableProvider(clients, REGION), new SsmParameterProvider(clients, REGION)));
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path root = Files.isDirectory(cwd.resolve("docs")) ? cwd : cwd.getParent();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(new ObjectMapper().readTree(root.resolve("docs/phases.schema.json").toFile()));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    static Importer importer(DesiredState declared) {
        return new Importer(registry, () -> declared, new RateBudgets(10_000, 10_000), REGION, 4);
    }

    static DesiredState nothingDeclared() {
        return DesiredState.of(List.of(), List.of());
    }

    /** type, resources made out-of-band under a fresh prefix, how many of them import. */
    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of("aws.sqs.queue", (Consumer<String>) p -> {
                    String dlq = clients.sqs(REGION).createQueue(b -> b.queueName(p + "orders-dlq")).queueUrl();
                    String arn = clients.sqs(REGION).getQueueAttributes(b -> b.queueUrl(dlq).attributeNamesWithStrings("QueueArn"))
                            .attributesAsStrings().get("QueueArn");
                    clients.sqs(REGION).createQueue(b -> b.queueName(p + "orders")
                            .attributesWithStrings(Map.of("VisibilityTimeout", "45", "DelaySeconds", "5",
                                    "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"4\"}"))
                            .tags(Map.of("team", "payments", "env", "prod")));
                }, 2),
                Arguments.of("aws.sns.topic", (Consumer<String>) p -> {
                    clients.sns(REGION).createTopic(b -> b.name(p + "alerts").attributes(Map.of("DisplayName", "Alerts: on-call"))
                            .tags(software.amazon.awssdk.services.sns.model.Tag.builder().key("team").value("sre").build()));
                }, 1),
                Arguments.of("aws.s3.bucket", (Consumer<String>) p -> {
                    String bucket = p + "audit";
                    clients.s3(REGION).createBucket(b -> b.bucket(bucket));
                    clients.s3(REGION).putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
                    clients.s3(REGION).putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(
                            r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
                    clients.s3(REGION).putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(
                            software.amazon.awssdk.services.s3.model.Tag.builder().key("team").value("security").build())));
                }, 1),
                Arguments.of("aws.ec2.security-group", (Consumer<String>) p -> {
                    String vpc = clients.ec2(REGION).describeVpcs(b -> b.filters(Filter.builder().name("is-default").values("true").build()))
                            .vpcs().get(0).vpcId();
                    String id = clients.ec2(REGION).createSecurityGroup(b -> b.groupName(p + "web").description("web tier").vpcId(vpc)).groupId();
                    clients.ec2(REGION).authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(
                            IpPermission.builder().ipProtocol("tcp").fromPort(443).toPort(443)
                                    .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").description("https").build()).build(),
                            IpPermission.builder().ipProtocol("tcp").fromPort(8080).toPort(8081)
                                    .ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").build()).build()));
                    clients.ec2(REGION).createTags(b -> b.resources(id).tags(
                            software.amazon.awssdk.services.ec2.model.Tag.builder().key("team").value("web").build()));
                }, 1),
                Arguments.of("aws.dynamodb.table", (Consumer<String>) p -> {
                    clients.dynamodb(REGION).createTable(b -> b.tableName(p + "orders")
                            .attributeDefinitions(AttributeDefinition.builder().attributeName("customerId").attributeType("S").build(),
                                    AttributeDefinition.builder().attributeName("orderedAt").attributeType("N").build())
                            .keySchema(KeySchemaElement.builder().attributeName("customerId").keyType(KeyType.HASH).build(),
                                    KeySchemaElement.builder().attributeName("orderedAt").keyType(KeyType.RANGE).build())
                            .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(3L))
                            .tags(software.amazon.awssdk.services.dynamodb.model.Tag.builder().key("team").value("payments").build()));
                    clients.dynamodb(REGION).createTable(b -> b.tableName(p + "sessions")
                            .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType("S").build())
                            .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                            .billingMode("PAY_PER_REQUEST"));
                }, 2),
                Arguments.of("aws.ssm.parameter", (Consumer<String>) p -> {
                    // "007" must stay text, a list stays a StringList, and a secret never reaches the file.
                    clients.ssm(REGION).putParameter(b -> b.name(p + "db-port").value("007").type(ParameterType.STRING)
                            .description("the port, zero-padded"));
                    clients.ssm(REGION).putParameter(b -> b.name(p + "hosts").value("a.example,b.example").type(ParameterType.STRING_LIST));
                    clients.ssm(REGION).addTagsToResource(b -> b.resourceType("Parameter").resourceId(p + "hosts")
                            .tags(software.amazon.awssdk.services.ssm.model.Tag.builder().key("team").value("ops").build()));
                    clients.ssm(REGION).putParameter(b -> b.name(p + "password").value("hunter2").type(ParameterType.SECURE_STRING));
                }, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void importedResourcesValidateAndPlanNothing(String type, Consumer<String> makeOutOfBand, int importable) throws Exception {
        String prefix = LocalAws.prefix("imp").replace('_', '-');
        makeOutOfBand.accept(prefix);
        String phase = "import-test";

        ImportResult result = importer(nothingDeclared())
                .importResources(new ImportFilter(Set.of(type), List.of(), prefix, Map.of(), "123456789012"), phase, ImportProgress.NONE);

        assertEquals(importable, result.imported(), "imported: " + result.resources());
        assertNotNull(result.phaseYaml());
        assertEquals(List.of(), schema.validate(new YAMLMapper().readTree(result.phaseYaml())).stream().map(m -> m.getMessage()).toList(),
                "schema errors in:\n" + result.phaseYaml());
        assertTrue(!result.phaseYaml().contains("hunter2"), "a SecureString's value never reaches the file");

        Files.writeString(dir.resolve("90-" + phase + ".yaml"), result.phaseYaml());
        DesiredState loaded = new PhaseLoader(registry).load(dir);
        assertEquals(importable, loaded.resources().size());
        for (DesiredResource r : loaded.resources()) {
            ResourceProvider provider = registry.get(r.type());
            Observation o = provider.observe(r);
            assertTrue(o.exists() && o.upToDate(), r.logicalId() + " differs after import: " + o.diff() + "\n" + result.phaseYaml());
            assertEquals(List.of(), provider.planRestore(r, o), "an imported resource plans nothing");
            assertEquals(DriftMode.NOTIFY, r.drift(), "imported resources are watched, not repaired, until a person decides");
        }
    }
}
