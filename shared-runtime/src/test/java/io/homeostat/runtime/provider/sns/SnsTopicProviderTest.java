package io.homeostat.runtime.provider.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.testing.LocalAws;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ConcurrentAccessException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.awssdk.services.sns.model.ThrottledException;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * observe → planRestore → bind → apply against moto's SNS, with drift made out-of-band as a person would.
 *
 * <p>moto 5 accepts {@code TracingConfig} and {@code SignatureVersion} but never returns them from GetTopicAttributes,
 * so those two are covered here by validation and normalisation only, not by round trips.
 */
class SnsTopicProviderTest {

    private static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CloudClients clients;
    private static SnsTopicProvider provider;
    private static SnsClient outsider;
    private static String prefix;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        clients = new CloudClients(Optional.of(aws.endpoints().cloud()), Optional.of("k"), Optional.of("s"));
        provider = new SnsTopicProvider(clients, REGION);
        outsider = SnsClient.builder().endpointOverride(URI.create(aws.endpoints().cloud())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        prefix = LocalAws.prefix("snsp");
    }

    @AfterAll
    static void close() {
        outsider.close();
        clients.close();
    }

    /** A policy as YAML gives it: a map, keys in an order AWS will not keep. */
    private static Map<String, Object> policy(String principal) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", "publish");
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", principal));
        statement.put("Action", "SNS:Publish");
        statement.put("Resource", "*");
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", List.of(statement));
        return policy;
    }

    private static DesiredResource desired(String name, Map<String, Object> properties, Map<String, String> tags) {
        return new DesiredResource(name + "-topic", "messaging", SnsTopicActions.TYPE, name, "123456789012", REGION,
                properties, tags, DriftMode.AUTO_HEAL);
    }

    private static DesiredResource full(String name) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("DisplayName", "Alerts");
        properties.put("Policy", policy("arn:aws:iam::123456789012:root"));
        // A JSON string with its own spacing and key order: compared canonically.
        properties.put("DeliveryPolicy", "{ \"http\" : { \"defaultHealthyRetryPolicy\" : { \"numRetries\" : 3, \"minDelayTarget\" : 20 } } }");
        properties.put("KmsMasterKeyId", "alias/aws/sns");
        return desired(name, properties, Map.of("team", "sre", "env", "test"));
    }

    private static void applyAll(List<PlannedAction> plan) {
        for (PlannedAction a : plan) {
            TypedAction bound = provider.bind(a);
            assertEquals(a.action(), bound.name());
            provider.apply(bound);
        }
    }

    private static DesiredResource created(DesiredResource want) {
        applyAll(provider.planRestore(want, provider.observe(want)));
        Observation now = provider.observe(want);
        assertTrue(now.upToDate(), () -> "diff after create: " + now.diff());
        return want;
    }

    private static String arnOf(String name) {
        for (Topic t : outsider.listTopicsPaginator(b -> {}).topics()) {
            if (t.topicArn().endsWith(":" + name)) {
                return t.topicArn();
            }
        }
        throw new AssertionError("no topic " + name);
    }

    private static Map<String, String> liveAttributes(String name) {
        return outsider.getTopicAttributes(b -> b.topicArn(arnOf(name))).attributes();
    }

    private static Map<String, String> liveTags(String name) {
        return outsider.listTagsForResource(b -> b.resourceArn(arnOf(name))).tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static Map<String, String> paths(Observation o) {
        Map<String, String> byPath = new LinkedHashMap<>();
        o.diff().forEach(d -> byPath.put(d.path(), d.desired() + " -> " + d.actual()));
        return byPath;
    }

    private static List<String> actions(List<PlannedAction> plan) {
        return plan.stream().map(PlannedAction::action).toList();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aMissingTopicIsObservedAsNotExistingAndCreatedWithAttributesAndTags() {
        DesiredResource want = full(prefix + "alerts");

        Observation missing = provider.observe(want);
        assertFalse(missing.exists());
        assertEquals(List.of(new FieldDiff(FieldDiff.EXISTS, "true", "false")), missing.diff());
        assertTrue(outsider.listTopicsPaginator(b -> {}).topics().stream().noneMatch(t -> t.topicArn().endsWith(":" + want.name())),
                "observing never creates the topic");

        List<PlannedAction> plan = provider.planRestore(want, missing);
        assertEquals(List.of(SnsTopicActions.CREATE_TOPIC), actions(plan));
        SnsTopicActions.CreateTopic create = assertInstanceOf(SnsTopicActions.CreateTopic.class, provider.bind(plan.get(0)));
        assertEquals(Set.of("DisplayName", "Policy", "DeliveryPolicy", "KmsMasterKeyId"), create.attributes().keySet());
        assertEquals("{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"numRetries\":3}}}",
                create.attributes().get("DeliveryPolicy"), "JSON attributes travel as canonical JSON");
        assertEquals(Map.of("team", "sre", "env", "test"), create.tags());
        assertTrue(provider.apply(create).contains("created"));

        Observation after = provider.observe(want);
        assertTrue(after.exists());
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals(arnOf(want.name()), after.actual().get("attributes.TopicArn"));
        assertEquals("Alerts", after.actual().get("attributes.DisplayName"));
        assertEquals("sre", after.actual().get("tags.team"));
        assertEquals(List.of(), provider.planRestore(want, after));
        assertEquals("alias/aws/sns", liveAttributes(want.name()).get("KmsMasterKeyId"));

        // Creating again is harmless: the existing topic is found and the same attributes and tags are ensured.
        assertTrue(provider.apply(create).contains("already present"));
        assertTrue(provider.observe(want).upToDate());
        assertEquals(1, outsider.listTopicsPaginator(b -> {}).topics().stream().filter(t -> t.topicArn().endsWith(":" + want.name())).count());
    }

    @Test
    void outOfBandAttributeAndTagChangesAreRestoredOneAttributePerCall() {
        DesiredResource want = created(full(prefix + "billing"));
        String arn = arnOf(want.name());
        outsider.setTopicAttributes(b -> b.topicArn(arn).attributeName("DisplayName").attributeValue("Hijacked"));
        outsider.setTopicAttributes(b -> b.topicArn(arn).attributeName("Policy").attributeValue(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"SNS:Publish\",\"Resource\":\"*\"}]}"));
        outsider.untagResource(b -> b.resourceArn(arn).tagKeys("env"));

        Observation drifted = provider.observe(want);
        Map<String, String> diff = paths(drifted);
        assertEquals(Set.of("attributes.DisplayName", "attributes.Policy", "tags.env"), diff.keySet());
        assertEquals("Alerts -> Hijacked", diff.get("attributes.DisplayName"));
        assertEquals("test -> null", diff.get("tags.env"));
        assertTrue(diff.get("attributes.Policy").endsWith("\"Principal\":{\"AWS\":\"*\"},\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}"),
                () -> "the live policy, canonical: " + diff.get("attributes.Policy"));

        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SnsTopicActions.SET_TOPIC_ATTRIBUTES, SnsTopicActions.SET_TOPIC_ATTRIBUTES, SnsTopicActions.TAG_RESOURCE),
                actions(plan));
        assertEquals(List.of(1, 2, 3), plan.stream().map(PlannedAction::step).toList());
        assertEquals(Map.of("topicName", want.name(), "region", REGION, "attribute.DisplayName", "Alerts"), plan.get(0).parameters(),
                "only what drifted is restored");
        assertEquals(Set.of("topicName", "region", "attribute.Policy"), plan.get(1).parameters().keySet());
        assertEquals(Map.of("topicName", want.name(), "region", REGION, "tag.env", "test"), plan.get(2).parameters());
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        assertEquals("Alerts", liveAttributes(want.name()).get("DisplayName"));
        assertEquals("arn:aws:iam::123456789012:root",
                json(liveAttributes(want.name()).get("Policy")).at("/Statement/0/Principal/AWS").asText());
        assertEquals(Map.of("team", "sre", "env", "test"), liveTags(want.name()));
    }

    @Test
    void aRemovedKmsKeyAndAChangedDeliveryPolicyAreRestored() {
        DesiredResource want = created(full(prefix + "kms"));
        String arn = arnOf(want.name());
        outsider.setTopicAttributes(b -> b.topicArn(arn).attributeName("KmsMasterKeyId").attributeValue(""));
        outsider.setTopicAttributes(b -> b.topicArn(arn).attributeName("DeliveryPolicy")
                .attributeValue("{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":0}}}"));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("attributes.DeliveryPolicy",
                        "{\"http\":{\"defaultHealthyRetryPolicy\":{\"minDelayTarget\":20,\"numRetries\":3}}} -> {\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":0}}}",
                        "attributes.KmsMasterKeyId", "alias/aws/sns -> null"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of("attribute.DeliveryPolicy", "attribute.KmsMasterKeyId"), plan.stream()
                .map(a -> a.parameters().keySet().stream().filter(k -> k.startsWith("attribute.")).findFirst().orElseThrow()).toList(),
                "one SetTopicAttributes per attribute, in name order");
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
        assertEquals("alias/aws/sns", liveAttributes(want.name()).get("KmsMasterKeyId"));
    }

    @Test
    void anUndeclaredTagIsDriftAndIsRemovedButAwsTagsAreNot() {
        DesiredResource want = created(full(prefix + "audit"));
        String arn = arnOf(want.name());
        outsider.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("owner").value("mallory").build(),
                Tag.builder().key("aws:cloudformation:stack-name").value("stack").build()));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("tags.owner", "null -> mallory"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SnsTopicActions.UNTAG_RESOURCE), actions(plan));
        SnsTopicActions.UntagResource untag = assertInstanceOf(SnsTopicActions.UntagResource.class, provider.bind(plan.get(0)));
        assertEquals(Set.of("owner"), untag.tagKeys());
        provider.apply(untag);
        provider.apply(untag);

        assertTrue(provider.observe(want).upToDate());
        assertEquals(Map.of("team", "sre", "env", "test", "aws:cloudformation:stack-name", "stack"), liveTags(want.name()));
    }

    @Test
    void aChangedTagValueIsRestoredByTagResource() {
        DesiredResource want = created(full(prefix + "growth"));
        outsider.tagResource(b -> b.resourceArn(arnOf(want.name())).tags(Tag.builder().key("team").value("growth").build()));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("tags.team", "sre -> growth"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(new SnsTopicActions.TagResource(REGION, want.name(), Map.of("team", "sre")), provider.bind(plan.get(0)));
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void aPolicyRewrittenWithOtherFormattingIsNotDrift() {
        DesiredResource want = created(full(prefix + "pretty"));
        String pretty = "{\n  \"Statement\" : [ {\n    \"Resource\" : \"*\",\n    \"Action\" : \"SNS:Publish\",\n"
                + "    \"Principal\" : { \"AWS\" : \"arn:aws:iam::123456789012:root\" },\n    \"Effect\" : \"Allow\",\n"
                + "    \"Sid\" : \"publish\"\n  } ],\n  \"Version\" : \"2012-10-17\"\n}";
        outsider.setTopicAttributes(b -> b.topicArn(arnOf(want.name())).attributeName("Policy").attributeValue(pretty));
        Observation now = provider.observe(want);
        assertTrue(now.upToDate(), () -> "same document, other formatting: " + now.diff());
    }

    @Test
    void onlyDeclaredAttributesAreComparedAndEmptyMeansUnset() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("DisplayName", "");
        properties.put("KmsMasterKeyId", "");
        DesiredResource want = created(desired(prefix + "plain", properties, Map.of()));
        assertNull(liveAttributes(want.name()).get("KmsMasterKeyId"), "moto leaves an unset key out");
        outsider.setTopicAttributes(b -> b.topicArn(arnOf(want.name())).attributeName("DeliveryPolicy")
                .attributeValue("{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":5}}}"));
        assertTrue(provider.observe(want).upToDate(), "DeliveryPolicy is not declared");

        outsider.setTopicAttributes(b -> b.topicArn(arnOf(want.name())).attributeName("KmsMasterKeyId").attributeValue("alias/other"));
        Observation drifted = provider.observe(want);
        assertEquals(Map.of("attributes.KmsMasterKeyId", " -> alias/other"), paths(drifted));
        applyAll(provider.planRestore(want, drifted));
        assertTrue(provider.observe(want).upToDate());
        assertNull(liveAttributes(want.name()).get("KmsMasterKeyId"));
    }

    @Test
    void aDisplayNameThatLooksNumericKeepsItsLeadingZeros() {
        DesiredResource want = created(desired(prefix + "zeros", Map.of("DisplayName", "007"), Map.of()));
        assertEquals("007", liveAttributes(want.name()).get("DisplayName"));
        outsider.setTopicAttributes(b -> b.topicArn(arnOf(want.name())).attributeName("DisplayName").attributeValue("7"));
        assertEquals(Map.of("attributes.DisplayName", "007 -> 7"), paths(provider.observe(want)));
    }

    @Test
    void theTopicIsFoundBeyondTheFirstPageOfListTopics() {
        String filler = LocalAws.prefix("snsfill");
        for (int i = 0; i < 101; i++) {
            String name = filler + i;
            outsider.createTopic(b -> b.name(name));
        }
        DesiredResource want = created(desired(filler + "last", Map.of("DisplayName", "Last"), Map.of("team", "x")));
        var firstPage = outsider.listTopics(b -> {});
        assertTrue(firstPage.nextToken() != null && firstPage.topics().stream().noneMatch(t -> t.topicArn().endsWith(":" + want.name())),
                "the topic must sit beyond the first page for this test to mean anything");
        outsider.setTopicAttributes(b -> b.topicArn(arnOf(want.name())).attributeName("DisplayName").attributeValue("Moved"));
        Observation drifted = provider.observe(want);
        assertEquals(Map.of("attributes.DisplayName", "Last -> Moved"), paths(drifted));
        applyAll(provider.planRestore(want, drifted));
        assertEquals("Last", liveAttributes(want.name()).get("DisplayName"));
    }

    @Test
    void aFifoTopicIsCreatedAsFifo() {
        DesiredResource want = created(desired(prefix + "orders.fifo", Map.of("DisplayName", "Orders"), Map.of()));
        assertEquals("Orders", liveAttributes(want.name()).get("DisplayName"));
        assertTrue(arnOf(want.name()).endsWith(":" + want.name()));
    }

    @Test
    void anActionOnADeletedTopicFailsWithoutRetry() {
        CloudCallException e = assertThrows(CloudCallException.class,
                () -> provider.apply(new SnsTopicActions.SetTopicAttributes(REGION, prefix + "gone", "DisplayName", "x")));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("topic " + prefix + "gone does not exist"), e.getMessage());
    }

    @Test
    void applyFailuresSayWhetherRetryingCanHelp() {
        CloudCallException gone = SnsTopicProvider.failure("x", NotFoundException.builder().statusCode(404).message("Topic does not exist").build());
        assertFalse(gone.retryable());
        assertTrue(gone.getMessage().contains("topic does not exist"));
        assertFalse(SnsTopicProvider.failure("x", ResourceNotFoundException.builder().statusCode(404).message("gone").build()).retryable());
        assertTrue(SnsTopicProvider.failure("x", ConcurrentAccessException.builder().statusCode(400).message("busy").build()).retryable());
        assertFalse(SnsTopicProvider.failure("x", InvalidParameterException.builder().statusCode(400).message("bad").build()).retryable());
        assertTrue(SnsTopicProvider.failure("x", ThrottledException.builder().statusCode(429)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").build()).message("slow").build()).retryable());
    }

    @Test
    void desiredValuesNormaliseByAttribute() {
        assertEquals("2", SnsTopicProvider.desiredValue("SignatureVersion", 2));
        assertEquals("2", SnsTopicProvider.desiredValue("SignatureVersion", 2.0));
        assertEquals("2", SnsTopicProvider.desiredValue("SignatureVersion", "2"));
        assertEquals("007", SnsTopicProvider.desiredValue("DisplayName", "007"), "free text is not a number");
        assertEquals("42", SnsTopicProvider.desiredValue("DisplayName", 42));
        assertEquals("Active", SnsTopicProvider.desiredValue("TracingConfig", " Active "));
        assertEquals("{\"a\":1,\"b\":[2,1]}", SnsTopicProvider.desiredValue("DeliveryPolicy", Map.of("b", List.of(2, 1), "a", 1)));
        assertEquals("{\"a\":1,\"b\":[2,1]}", SnsTopicProvider.desiredValue("DeliveryPolicy", "{ \"b\": [2, 1], \"a\": 1 }"));
        assertEquals(SnsTopicProvider.desiredValue("Policy", policy("x")), SnsTopicProvider.live("Policy",
                "{\"Statement\":[{\"Resource\":\"*\",\"Action\":\"SNS:Publish\",\"Principal\":{\"AWS\":\"x\"},\"Effect\":\"Allow\",\"Sid\":\"publish\"}],\"Version\":\"2012-10-17\"}"));
        assertEquals("", SnsTopicProvider.live("DeliveryPolicy", ""), "moto's cleared delivery policy");
        assertEquals("", SnsTopicProvider.desiredValue("DeliveryPolicy", ""));
    }

    static Stream<Arguments> invalidDesired() {
        return Stream.of(
                Arguments.of("unknown property", Map.of("FifoTopic", true),
                        "unknown property 'FifoTopic'; allowed: [DeliveryPolicy, DisplayName, KmsMasterKeyId, Policy, SignatureVersion, TracingConfig]"),
                Arguments.of("tracing outside the enum", Map.of("TracingConfig", "On"), "TracingConfig: must be one of [Active, PassThrough]"),
                Arguments.of("signature version 3", Map.of("SignatureVersion", 3), "SignatureVersion: must be one of [1, 2]"),
                Arguments.of("policy that is not JSON", Map.of("Policy", "allow everyone"), "Policy: must be a JSON object"),
                Arguments.of("policy that is a JSON array", Map.of("Policy", List.of("x")), "Policy: must be a JSON object"),
                Arguments.of("empty policy", Map.of("Policy", ""), "Policy: must be a JSON object"),
                Arguments.of("malformed key", Map.of("KmsMasterKeyId", "key with spaces"), "KmsMasterKeyId: invalid KMS key"),
                Arguments.of("display name too long", Map.of("DisplayName", "d".repeat(101)), "DisplayName: at most 100 characters"));
    }

    @ParameterizedTest(name = "observe rejects {0}")
    @MethodSource("invalidDesired")
    void observeRejectsDesiredPropertiesItCannotManage(String name, Map<String, Object> properties, String messageContains) {
        DesiredResource invalid = desired(prefix + "invalid", properties, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.observe(invalid));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> provider.validate(invalid),
                "load-time validation rejects the same, without a cloud call");
        assertEquals(e.getMessage(), v.getMessage());
    }

    @Test
    void validateAcceptsEveryManagedAttribute() {
        provider.validate(full(prefix + "valid"));
        provider.validate(desired(prefix + "valid.fifo", Map.of("TracingConfig", "PassThrough", "SignatureVersion", 1,
                "DeliveryPolicy", "", "KmsMasterKeyId", ""), Map.of("team", "sre")));
    }

    @Test
    void observeRejectsAnInvalidTopicNameAndReservedTags() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> provider.observe(desired("a b", Map.of(), Map.of())));
        assertTrue(name.getMessage().contains("invalid topic name"), name.getMessage());
        IllegalArgumentException tag = assertThrows(IllegalArgumentException.class,
                () -> provider.observe(desired(prefix + "t", Map.of(), Map.of("aws:x", "y"))));
        assertTrue(tag.getMessage().contains("the aws: prefix is reserved"), tag.getMessage());
    }

    private static PlannedAction action(String name, Map<String, String> parameters) {
        return new PlannedAction(1, name, parameters, "test");
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new TreeMap<>();
        m.put("topicName", "alerts");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove(kv[i]);
            } else {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("unknown action name", action(SnsTopicActions.TYPE + "/DeleteTopic", params()), "is not in the catalogue"),
                Arguments.of("subscribe is not ours", action(SnsTopicActions.TYPE + "/Subscribe", params()), "is not in the catalogue"),
                Arguments.of("another type's action", action("aws.sqs.queue/TagQueue", params("tag.a", "b")), "is not in the catalogue"),
                Arguments.of("missing topic name", action(SnsTopicActions.TAG_RESOURCE, params("topicName", null, "tag.a", "b")),
                        "invalid or missing topicName 'null'"),
                Arguments.of("topic name with a space", action(SnsTopicActions.TAG_RESOURCE, params("topicName", "my topic", "tag.a", "b")),
                        "invalid or missing topicName 'my topic'"),
                Arguments.of("topic name that is an ARN", action(SnsTopicActions.TAG_RESOURCE,
                        params("topicName", "arn:aws:sns:us-east-1:123456789012:alerts", "tag.a", "b")), "invalid or missing topicName"),
                Arguments.of("topic name too long", action(SnsTopicActions.TAG_RESOURCE, params("topicName", "t".repeat(257), "tag.a", "b")),
                        "invalid or missing topicName"),
                Arguments.of("invalid region", action(SnsTopicActions.TAG_RESOURCE, params("region", "us-east-1; rm", "tag.a", "b")),
                        "invalid region"),
                Arguments.of("attribute outside the allow-list", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params("attribute.TopicArn", "x")),
                        "parameter 'attribute.TopicArn' is not allowed"),
                Arguments.of("FifoTopic cannot be changed", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params("attribute.FifoTopic", "true")),
                        "parameter 'attribute.FifoTopic' is not allowed"),
                Arguments.of("free-form parameter", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params("DisplayName", "x")),
                        "parameter 'DisplayName' is not allowed"),
                Arguments.of("two attributes in one SetTopicAttributes", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES,
                        params("attribute.DisplayName", "x", "attribute.TracingConfig", "Active")), "parameters do not fit the action"),
                Arguments.of("SetTopicAttributes without an attribute", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params()),
                        "parameters do not fit the action"),
                Arguments.of("tag on SetTopicAttributes", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES,
                        params("attribute.DisplayName", "x", "tag.a", "b")), "parameters do not fit the action"),
                Arguments.of("TagResource without tags", action(SnsTopicActions.TAG_RESOURCE, params()), "parameters do not fit the action"),
                Arguments.of("untag on CreateTopic", action(SnsTopicActions.CREATE_TOPIC, params("untag.a", "")), "parameters do not fit the action"),
                Arguments.of("attribute on UntagResource", action(SnsTopicActions.UNTAG_RESOURCE,
                        params("untag.a", "", "attribute.DisplayName", "x")), "parameters do not fit the action"),
                Arguments.of("policy that is not JSON", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params("attribute.Policy", "{not json")),
                        "parameter 'attribute.Policy' is invalid: must be a JSON object"),
                Arguments.of("delivery policy that is a JSON string", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES,
                        params("attribute.DeliveryPolicy", "\"x\"")), "must be a JSON object"),
                Arguments.of("tracing outside the enum", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params("attribute.TracingConfig", "active")),
                        "must be one of [Active, PassThrough]"),
                Arguments.of("signature version outside the enum", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES,
                        params("attribute.SignatureVersion", "2.0")), "must be one of [1, 2]"),
                Arguments.of("display name with a newline", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES,
                        params("attribute.DisplayName", "a\nb")), "no control characters"),
                Arguments.of("malformed KMS key", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params("attribute.KmsMasterKeyId", "alias/a b")),
                        "invalid KMS key"),
                Arguments.of("reserved tag key", action(SnsTopicActions.TAG_RESOURCE, params("tag.aws:x", "y")), "parameter 'tag.aws:x' is not allowed"),
                Arguments.of("reserved untag key", action(SnsTopicActions.UNTAG_RESOURCE, params("untag.aws:x", "")),
                        "parameter 'untag.aws:x' is not allowed"),
                Arguments.of("tag value over 256 characters", action(SnsTopicActions.TAG_RESOURCE, params("tag.a", "v".repeat(257))),
                        "parameter 'tag.a' is not allowed"),
                Arguments.of("oversized parameter value", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES,
                        params("attribute.Policy", "{\"a\":\"" + "x".repeat(30_720) + "\"}")), "parameter attribute.Policy is too long"));
    }

    @ParameterizedTest(name = "bind rejects {0}")
    @MethodSource("rejected")
    void bindRejectsAnythingOutsideTheCatalogue(String name, PlannedAction action, String messageContains) {
        InvalidActionException e = assertThrows(InvalidActionException.class, () -> provider.bind(action));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("create with nothing, default region", action(SnsTopicActions.CREATE_TOPIC, params()),
                        new SnsTopicActions.CreateTopic(REGION, "alerts", Map.of(), Map.of())),
                Arguments.of("fifo name, explicit region", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES,
                        params("topicName", "orders.fifo", "region", "eu-west-1", "attribute.TracingConfig", "Active")),
                        new SnsTopicActions.SetTopicAttributes("eu-west-1", "orders.fifo", "TracingConfig", "Active")),
                Arguments.of("signature version", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params("attribute.SignatureVersion", "2")),
                        new SnsTopicActions.SetTopicAttributes(REGION, "alerts", "SignatureVersion", "2")),
                Arguments.of("clearing the KMS key", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params("attribute.KmsMasterKeyId", "")),
                        new SnsTopicActions.SetTopicAttributes(REGION, "alerts", "KmsMasterKeyId", "")),
                Arguments.of("a key ARN", action(SnsTopicActions.SET_TOPIC_ATTRIBUTES, params("attribute.KmsMasterKeyId",
                        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                        new SnsTopicActions.SetTopicAttributes(REGION, "alerts", "KmsMasterKeyId",
                                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                Arguments.of("create with attributes and tags", action(SnsTopicActions.CREATE_TOPIC,
                        params("attribute.DisplayName", "Alerts", "attribute.Policy", "{\"Version\":\"2012-10-17\"}", "tag.team", "sre")),
                        new SnsTopicActions.CreateTopic(REGION, "alerts", Map.of("DisplayName", "Alerts", "Policy", "{\"Version\":\"2012-10-17\"}"),
                                Map.of("team", "sre"))),
                Arguments.of("untag several", action(SnsTopicActions.UNTAG_RESOURCE, params("untag.a", "", "untag.b", "")),
                        new SnsTopicActions.UntagResource(REGION, "alerts", Set.of("a", "b"))));
    }

    @ParameterizedTest(name = "bind accepts {0}")
    @MethodSource("accepted")
    void bindBuildsTheTypedAction(String name, PlannedAction action, TypedAction expected) {
        assertEquals(expected, provider.bind(action));
    }

    @Test
    void cloudTrailEventsNameTheTopic() {
        var ct = SnsTopicProvider.CLOUDTRAIL;
        assertEquals(Optional.of("test"), ct.resourceName("sns.amazonaws.com", "CreateTopic", json(
                "{\"name\":\"test\",\"attributes\":{\"Policy\":\"{\\\"Version\\\":\\\"2008-10-17\\\"}\"}}")));
        assertEquals(Optional.of("test"), ct.resourceName("sns.amazonaws.com", "SetTopicAttributes", json(
                "{\"attributeName\":\"Policy\",\"topicArn\":\"arn:aws:sns:us-east-1:123456789123:test\",\"attributeValue\":\"{}\"}")));
        assertEquals(Optional.of("alerts"), ct.resourceName("sns.amazonaws.com", "DeleteTopic",
                json("{\"topicArn\":\"arn:aws:sns:eu-west-1:123456789012:alerts\"}")));
        assertEquals(Optional.of("alerts.fifo"), ct.resourceName("sns.amazonaws.com", "TagResource", json(
                "{\"resourceArn\":\"arn:aws:sns:eu-west-1:123456789012:alerts.fifo\",\"tags\":[{\"key\":\"team\",\"value\":\"x\"}]}")));
        assertEquals(Optional.of("alerts"), ct.resourceName("sns.amazonaws.com", "UntagResource",
                json("{\"resourceArn\":\"arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts\",\"tagKeys\":[\"team\"]}")));
        assertEquals(Optional.of("alerts"), ct.resourceName("sns.amazonaws.com", "AddPermission", json(
                "{\"topicArn\":\"arn:aws:sns:us-east-1:123456789012:alerts\",\"label\":\"x\",\"aWSAccountId\":[\"111122223333\"],\"actionName\":[\"Publish\"]}")));

        assertEquals(Optional.empty(), ct.resourceName("sns.amazonaws.com", "Publish",
                json("{\"topicArn\":\"arn:aws:sns:us-east-1:123456789012:alerts\"}")), "publishing is not a change");
        assertEquals(Optional.empty(), ct.resourceName("sns.amazonaws.com", "Subscribe",
                json("{\"topicArn\":\"arn:aws:sns:us-east-1:123456789012:alerts\",\"protocol\":\"email\"}")));
        assertEquals(Optional.empty(), ct.resourceName("sns.amazonaws.com", "SetTopicAttributes",
                json("{\"topicArn\":\"arn:aws:sns:us-east-1:123456789012:alerts:6b0e71bd-7e97-4d97-80ce-4a0994e55286\"}")),
                "a subscription ARN is not a topic");
        assertEquals(Optional.empty(), ct.resourceName("sns.amazonaws.com", "TagResource",
                json("{\"resourceArn\":\"arn:aws:sqs:us-east-1:123456789012:alerts\"}")), "another service's ARN");
        assertEquals(Optional.empty(), ct.resourceName("sns.amazonaws.com", "SetTopicAttributes", json("{\"topicArn\":\"alerts\"}")),
                "not an ARN");
        assertEquals(Optional.empty(), ct.resourceName("sns.amazonaws.com", "SetTopicAttributes", json("{\"attributeName\":\"Policy\"}")));
        assertEquals(Optional.empty(), ct.resourceName("sns.amazonaws.com", "CreateTopic", json("{\"topicArn\":\"arn:aws:sns:us-east-1:1:x\"}")),
                "CreateTopic names the topic by name");
        assertEquals(Optional.empty(), ct.resourceName("sqs.amazonaws.com", "CreateTopic", json("{\"name\":\"x\"}")));
        assertEquals(Optional.empty(), ct.resourceName("sns.amazonaws.com", "DeleteTopic", null));
    }

    @Test
    void typeInfoDeclaresTheCatalogueAndEveryPermission() {
        assertEquals(SnsTopicActions.TYPE, provider.typeInfo().type());
        assertEquals("sns", provider.typeInfo().service());
        assertEquals(List.of(SnsTopicActions.CREATE_TOPIC, SnsTopicActions.SET_TOPIC_ATTRIBUTES, SnsTopicActions.TAG_RESOURCE,
                SnsTopicActions.UNTAG_RESOURCE), provider.typeInfo().actions());
        assertTrue(provider.typeInfo().permissions().containsAll(List.of("sns:ListTopics", "sns:GetTopicAttributes",
                "sns:ListTagsForResource", "sns:CreateTopic", "sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource")));
        assertEquals(Optional.of(SnsTopicProvider.CLOUDTRAIL), provider.cloudTrail());
    }
}
