package io.homeostat.detector.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.CloudTrailMapping;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.provider.ec2.SecurityGroupActions;
import io.homeostat.runtime.provider.ec2.SecurityGroupProvider;
import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import io.homeostat.runtime.provider.ssm.SsmParameterActions;
import io.homeostat.runtime.provider.ssm.SsmParameterProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resolution step of the CloudTrail handler, without Quarkus or a cloud: the providers' real CloudTrail mappings,
 * with a fake {@code resolveName} that knows a few security-group ids.
 */
class TargetResolverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SG = SecurityGroupActions.TYPE;
    private static final String SSM = SsmParameterActions.TYPE;
    private static final String REGION = "eu-west-1";

    /** A provider that only maps and resolves; {@code ids} are the group ids it knows (id → name). */
    private static final class Fake implements ResourceProvider {
        final String type;
        final CloudTrailMapping mapping;
        final Map<String, String> ids;
        final List<String> regionsAsked = new ArrayList<>();

        Fake(String type, CloudTrailMapping mapping, Map<String, String> ids) {
            this.type = type;
            this.mapping = mapping;
            this.ids = ids;
        }

        @Override
        public TypeInfo typeInfo() {
            return new TypeInfo(type, "fake", List.of(), List.of());
        }

        @Override
        public Optional<CloudTrailMapping> cloudTrail() {
            return Optional.of(mapping);
        }

        @Override
        public Optional<String> resolveName(String region, String nameOrId) {
            if (ids == null) {
                return ResourceProvider.super.resolveName(region, nameOrId);
            }
            regionsAsked.add(region);
            return nameOrId.startsWith("sg-") ? Optional.ofNullable(ids.get(nameOrId)) : Optional.of(nameOrId);
        }

        @Override
        public Observation observe(DesiredResource desired) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TypedAction bind(PlannedAction action) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String apply(TypedAction action) {
            throw new UnsupportedOperationException();
        }
    }

    private final Fake groups = new Fake(SG, SecurityGroupProvider.CLOUDTRAIL,
            Map.of("sg-0aaa1111", "web", "sg-0bbb2222", "db", "sg-0ccc3333", "web", "sg-0ddd4444", "undeclared"));
    private final Fake parameters = new Fake(SSM, SsmParameterProvider.CLOUDTRAIL, null);
    private final ProviderRegistry registry = new ProviderRegistry(List.of(groups, parameters));
    private final TargetResolver resolver = new TargetResolver(registry);

    private static DesiredResource resource(String logicalId, String type, String name, String region, DriftMode drift) {
        return new DesiredResource(logicalId, "p", type, name, "123456789012", region, Map.of(), Map.of(), drift);
    }

    private static final DesiredState DESIRED = DesiredState.of(List.of(
            resource("web-sg", SG, "web", REGION, DriftMode.AUTO_HEAL),
            resource("db-sg", SG, "db", REGION, DriftMode.NOTIFY),
            resource("param-a", SSM, "/app/a", REGION, DriftMode.AUTO_HEAL),
            resource("param-b", SSM, "/app/b", REGION, DriftMode.IGNORE),
            resource("param-east", SSM, "/app/east", "us-east-1", DriftMode.AUTO_HEAL)), List.of());

    private static CloudTrailRecord record(String source, String event, String region, String params) throws Exception {
        return CloudTrailRecord.from(JSON.readTree("{\"eventSource\":\"" + source + "\",\"eventName\":\"" + event + "\",\"readOnly\":false"
                + (region == null ? "" : ",\"awsRegion\":\"" + region + "\"") + ",\"recipientAccountId\":\"123456789012\""
                + ",\"requestParameters\":" + params + "}"));
    }

    /** Each resolution as {@code logicalId} when managed, else {@code reason}. */
    private static List<String> outcomes(TargetResolver.Result result) {
        return result.resolutions().stream().map(r -> r.resource().map(DesiredResource::logicalId).orElse(r.reason())).toList();
    }

    private static String tags(String... ids) {
        return "{\"resourcesSet\":{\"items\":[" + Stream.of(ids).map(id -> "{\"resourceId\":\"" + id + "\"}").collect(Collectors.joining(","))
                + "]},\"tagSet\":{}}";
    }

    static Stream<Arguments> events() {
        String ec2 = "ec2.amazonaws.com";
        String ssm = "ssm.amazonaws.com";
        return Stream.of(
                // reason, source, event, region, requestParameters, expected (logical id or ignore reason per target)
                arguments("an id resolves to the managed group", ec2, "AuthorizeSecurityGroupIngress", REGION,
                        "{\"groupId\":\"sg-0aaa1111\",\"ipPermissions\":{}}", List.of("web-sg")),
                arguments("an unknown id is unresolved", ec2, "RevokeSecurityGroupIngress", REGION,
                        "{\"groupId\":\"sg-0eee5555\",\"ipPermissions\":{}}", List.of("unresolved")),
                arguments("a name needs no resolving", ec2, "RevokeSecurityGroupEgress", REGION,
                        "{\"groupName\":\"db\",\"ipPermissions\":{}}", List.of("db-sg")),
                arguments("an id of a group nobody declared", ec2, "DeleteSecurityGroup", REGION,
                        "{\"groupId\":\"sg-0ddd4444\"}", List.of("unmanaged")),
                arguments("a managed group in another region is not this one", ec2, "AuthorizeSecurityGroupIngress", "us-east-1",
                        "{\"groupId\":\"sg-0aaa1111\"}", List.of("unmanaged")),
                arguments("no region in the event: matched in any", ec2, "AuthorizeSecurityGroupIngress", null,
                        "{\"groupId\":\"sg-0bbb2222\"}", List.of("db-sg")),
                arguments("CreateTags on several groups: each one", ec2, "CreateTags", REGION,
                        tags("sg-0bbb2222", "i-0123", "sg-0eee5555", "sg-0aaa1111", "sg-0ddd4444"),
                        List.of("db-sg", "unresolved", "web-sg", "unmanaged")),
                arguments("two ids of one group: the group once", ec2, "DeleteTags", REGION,
                        tags("sg-0aaa1111", "sg-0ccc3333"), List.of("web-sg")),
                arguments("DeleteParameters: every parameter", ssm, "DeleteParameters", REGION,
                        "{\"names\":[\"/app/a\",\"/app/b\",\"/app/none\",\"/app/east\"]}",
                        List.of("param-a", "unmanaged", "unmanaged", "unmanaged")),
                arguments("DeleteParameter: the one", ssm, "DeleteParameter", "us-east-1", "{\"name\":\"/app/east\"}", List.of("param-east")),
                arguments("a call no provider maps", "sqs.amazonaws.com", "DeleteQueue", REGION,
                        "{\"queueUrl\":\"https://sqs.eu-west-1.amazonaws.com/123456789012/orders\"}", List.of()),
                arguments("tags on instances only", ec2, "CreateTags", REGION, tags("i-0123", "vol-0456"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void events(String reason, String source, String event, String region, String params, List<String> expected) throws Exception {
        TargetResolver.Result result = resolver.resolve(record(source, event, region, params), DESIRED);
        assertEquals(expected, outcomes(result), reason);
        assertEquals(0, result.dropped(), reason);
    }

    @Test
    void theEventsRegionIsPassedToTheProviderAndNullMeansItsDefault() throws Exception {
        resolver.resolve(record("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "ap-south-1", "{\"groupId\":\"sg-0aaa1111\"}"), DESIRED);
        resolver.resolve(record("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", null, "{\"groupId\":\"sg-0aaa1111\"}"), DESIRED);
        assertEquals(java.util.Arrays.asList("ap-south-1", null), groups.regionsAsked);
    }

    @Test
    void ignoredTargetsSayWhyNamingTheIdAndTheName() throws Exception {
        TargetResolver.Result result = resolver.resolve(record("ec2.amazonaws.com", "CreateTags", REGION,
                tags("sg-0eee5555", "sg-0ddd4444")), DESIRED);
        assertEquals(List.of("aws.ec2.security-group sg-0eee5555 names no known resource in eu-west-1",
                "aws.ec2.security-group undeclared (sg-0ddd4444) is not managed in eu-west-1"),
                result.resolutions().stream().map(TargetResolver.Resolution::note).toList());
        assertEquals(List.of(new CloudTrailMapper.Target(SG, "sg-0eee5555"), new CloudTrailMapper.Target(SG, "sg-0ddd4444")),
                result.resolutions().stream().map(TargetResolver.Resolution::target).toList());
    }

    @Test
    void atMost25ResourcesOfOneEventAreLookedAtAndTheRestAreCounted() throws Exception {
        String names = IntStream.range(0, 30).mapToObj(i -> "\"/app/" + (i == 0 ? "a" : "p" + i) + "\"").collect(Collectors.joining(","));
        TargetResolver.Result result = resolver.resolve(record("ssm.amazonaws.com", "DeleteParameters", REGION,
                "{\"names\":[" + names + "]}"), DESIRED);
        assertEquals(25, TargetResolver.MAX_TARGETS_PER_EVENT);
        assertEquals(25, result.resolutions().size());
        assertEquals(5, result.dropped());
        assertEquals("param-a", outcomes(result).get(0));
        assertEquals(new CloudTrailMapper.Target(SSM, "/app/p24"), result.resolutions().get(24).target(), "the first 25, in order");

        TargetResolver small = new TargetResolver(registry, new CloudTrailMapper(registry), 2);
        TargetResolver.Result capped = small.resolve(record("ssm.amazonaws.com", "DeleteParameters", REGION,
                "{\"names\":[\"/app/x\",\"/app/a\",\"/app/y\"]}"), DESIRED);
        assertEquals(List.of("unmanaged", "param-a"), outcomes(capped));
        assertEquals(1, capped.dropped());
    }

    @Test
    void aTypeMappedWithoutAProviderKeepsTheNameAsItIs() throws Exception {
        TargetResolver sqsOnly = new TargetResolver(registry, new CloudTrailMapper(Map.of("aws.sqs.queue", SqsQueueProvider.CLOUDTRAIL)),
                TargetResolver.MAX_TARGETS_PER_EVENT);
        DesiredState queues = DesiredState.of(List.of(resource("orders-queue", "aws.sqs.queue", "orders", REGION, DriftMode.AUTO_HEAL)), List.of());
        TargetResolver.Result result = sqsOnly.resolve(record("sqs.amazonaws.com", "DeleteQueue", REGION,
                "{\"queueUrl\":\"https://sqs.eu-west-1.amazonaws.com/123456789012/orders\"}"), queues);
        assertEquals(List.of("orders-queue"), outcomes(result));
    }
}
