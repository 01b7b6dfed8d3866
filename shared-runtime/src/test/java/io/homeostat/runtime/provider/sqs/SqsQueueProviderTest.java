package io.homeostat.runtime.provider.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.testing.LocalAws;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** observe → planRestore → bind → apply against moto's SQS, with drift made out-of-band as a person would. */
class SqsQueueProviderTest {

    private static final String REGION = "us-east-1";

    private static CloudClients clients;
    private static SqsQueueProvider provider;
    private static SqsClient outsider;
    private static String prefix;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        clients = new CloudClients(Optional.of(aws.endpoints().cloud()), Optional.of("k"), Optional.of("s"));
        provider = new SqsQueueProvider(clients, REGION);
        outsider = aws.cloudSqs();
        prefix = LocalAws.prefix("prov");
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static DesiredResource desired(String name) {
        // YAML gives numbers and maps, AWS gives strings: the provider must compare them by meaning.
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("VisibilityTimeout", 30);
        properties.put("DelaySeconds", 0);
        properties.put("MessageRetentionPeriod", 86400.0);
        return new DesiredResource(name + "-queue", "messaging", SqsQueueActions.TYPE, name, "123456789012", REGION,
                properties, Map.of("team", "payments", "env", "test"), DriftMode.AUTO_HEAL);
    }

    private static void applyAll(List<PlannedAction> plan) {
        for (PlannedAction a : plan) {
            TypedAction bound = provider.bind(a);
            assertEquals(a.action(), bound.name());
            provider.apply(bound);
        }
    }

    private static String urlOf(String name) {
        return outsider.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    private static Map<String, String> paths(Observation o) {
        Map<String, String> byPath = new LinkedHashMap<>();
        o.diff().forEach(d -> byPath.put(d.path(), d.desired() + " -> " + d.actual()));
        return byPath;
    }

    @Test
    void aMissingQueueIsObservedAsNotExistingAndRecreatedFromDesired() {
        DesiredResource want = desired(prefix + "orders");

        Observation missing = provider.observe(want);
        assertFalse(missing.exists());
        assertFalse(missing.upToDate());
        assertEquals(List.of(new FieldDiff(FieldDiff.EXISTS, "true", "false")), missing.diff());

        List<PlannedAction> plan = provider.planRestore(want, missing);
        assertEquals(1, plan.size());
        assertEquals(SqsQueueActions.CREATE_QUEUE, plan.get(0).action());
        TypedAction bound = provider.bind(plan.get(0));
        SqsQueueActions.CreateQueue create = assertInstanceOf(SqsQueueActions.CreateQueue.class, bound);
        assertEquals(Map.of("VisibilityTimeout", "30", "DelaySeconds", "0", "MessageRetentionPeriod", "86400"), create.attributes());
        assertEquals(Map.of("team", "payments", "env", "test"), create.tags());
        provider.apply(bound);

        Observation after = provider.observe(want);
        assertTrue(after.exists());
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals("30", after.actual().get("attributes.VisibilityTimeout"));
        assertEquals("payments", after.actual().get("tags.team"));
        assertEquals(List.of(), provider.planRestore(want, after));

        // Applying the same creation again is harmless (every action is idempotent).
        provider.apply(bound);
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void outOfBandChangesAreObservedPlannedAndRestored() {
        DesiredResource want = desired(prefix + "payments");
        applyAll(provider.planRestore(want, provider.observe(want)));
        String url = urlOf(want.name());

        outsider.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "99")));
        outsider.untagQueue(b -> b.queueUrl(url).tagKeys("env"));

        Observation drifted = provider.observe(want);
        assertTrue(drifted.exists());
        assertEquals(Map.of("attributes.VisibilityTimeout", "30 -> 99", "tags.env", "test -> null"), paths(drifted));

        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SqsQueueActions.SET_QUEUE_ATTRIBUTES, SqsQueueActions.TAG_QUEUE), plan.stream().map(PlannedAction::action).toList());
        assertEquals(List.of(1, 2), plan.stream().map(PlannedAction::step).toList());
        assertEquals("30", plan.get(0).parameters().get("attribute.VisibilityTimeout"));
        assertEquals("test", plan.get(1).parameters().get("tag.env"));
        assertEquals(Set.of("queueName", "region", "attribute.VisibilityTimeout"), plan.get(0).parameters().keySet(),
                "only what drifted is restored");

        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        assertEquals("30", outsider.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT));
    }

    @Test
    void compensationsRunInReversePutBackWhatWasObservedBeforeTheRepair() {
        DesiredResource want = desired(prefix + "saga");
        applyAll(provider.planRestore(want, provider.observe(want)));
        String url = urlOf(want.name());
        outsider.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "99")));
        outsider.untagQueue(b -> b.queueUrl(url).tagKeys("env"));
        outsider.tagQueue(b -> b.queueUrl(url).tags(Map.of("owner", "mallory")));
        Observation drifted = provider.observe(want);

        List<PlannedAction> plan = provider.planRestore(want, drifted).stream().map(a -> provider.guard(want, drifted, a)).toList();
        assertEquals(Map.of("exists", "true", "attributes.VisibilityTimeout", "99", "tags.owner", "mallory"),
                withoutNullValues(plan.get(0).preconditions()), "what the step expects to find, as observed");
        assertTrue(plan.get(0).preconditions().containsKey("tags.env") && plan.get(0).preconditions().get("tags.env") == null,
                "a tag observed absent must still be absent");
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());

        List<PlannedAction> undo = new java.util.ArrayList<>(plan.stream().map(PlannedAction::compensation).toList());
        java.util.Collections.reverse(undo);
        applyAll(undo);

        assertEquals(paths(drifted), paths(provider.observe(want)), "back to the state observed before the repair");
    }

    private static Map<String, String> withoutNullValues(Map<String, String> m) {
        Map<String, String> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void anUndeclaredTagIsDriftAndIsRemoved() {
        DesiredResource want = desired(prefix + "audit");
        applyAll(provider.planRestore(want, provider.observe(want)));
        String url = urlOf(want.name());
        outsider.tagQueue(b -> b.queueUrl(url).tags(Map.of("owner", "mallory")));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("tags.owner", "null -> mallory"), paths(drifted));

        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(1, plan.size());
        assertEquals(SqsQueueActions.UNTAG_QUEUE, plan.get(0).action());
        SqsQueueActions.UntagQueue untag = assertInstanceOf(SqsQueueActions.UntagQueue.class, provider.bind(plan.get(0)));
        assertEquals(Set.of("owner"), untag.tagKeys());
        provider.apply(untag);

        assertTrue(provider.observe(want).upToDate());
        assertEquals(Map.of("team", "payments", "env", "test"), outsider.listQueueTags(b -> b.queueUrl(url)).tags());
    }

    @Test
    void aChangedTagValueIsRestoredByTagQueue() {
        DesiredResource want = desired(prefix + "billing");
        applyAll(provider.planRestore(want, provider.observe(want)));
        outsider.tagQueue(b -> b.queueUrl(urlOf(want.name())).tags(Map.of("team", "growth")));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("tags.team", "payments -> growth"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SqsQueueActions.TAG_QUEUE), plan.stream().map(PlannedAction::action).toList());
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
    }

    private static PlannedAction action(String name, Map<String, String> parameters) {
        return new PlannedAction(1, name, parameters, "test");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("unknown action name", action(SqsQueueActions.TYPE + "/DeleteQueue", Map.of("queueName", "orders")),
                        "is not in the catalogue"),
                Arguments.of("another type's action", action("aws.s3.bucket/PutBucketPolicy", Map.of("queueName", "orders")),
                        "is not in the catalogue"),
                Arguments.of("attribute outside the allow-list", action(SqsQueueActions.SET_QUEUE_ATTRIBUTES,
                        Map.of("queueName", "orders", "attribute.QueueArn", "arn:aws:sqs:us-east-1:1:x")), "parameter 'attribute.QueueArn' is not allowed"),
                Arguments.of("free-form parameter", action(SqsQueueActions.SET_QUEUE_ATTRIBUTES,
                        Map.of("queueName", "orders", "VisibilityTimeout", "30")), "parameter 'VisibilityTimeout' is not allowed"),
                Arguments.of("queue name with a space", action(SqsQueueActions.TAG_QUEUE, Map.of("queueName", "orders queue", "tag.a", "b")),
                        "invalid or missing queueName 'orders queue'"),
                Arguments.of("queue name with a path", action(SqsQueueActions.TAG_QUEUE, Map.of("queueName", "../orders", "tag.a", "b")),
                        "invalid or missing queueName"),
                Arguments.of("queue name too long", action(SqsQueueActions.TAG_QUEUE, Map.of("queueName", "q".repeat(81), "tag.a", "b")),
                        "invalid or missing queueName"),
                Arguments.of("missing queue name", action(SqsQueueActions.TAG_QUEUE, Map.of("tag.a", "b")),
                        "invalid or missing queueName 'null'"),
                Arguments.of("invalid region", action(SqsQueueActions.TAG_QUEUE, Map.of("queueName", "orders", "region", "mars", "tag.a", "b")),
                        "invalid region 'mars'"),
                Arguments.of("tag parameters on SetQueueAttributes", action(SqsQueueActions.SET_QUEUE_ATTRIBUTES,
                        Map.of("queueName", "orders", "attribute.DelaySeconds", "0", "tag.team", "x")), "parameters do not fit the action"),
                Arguments.of("SetQueueAttributes without attributes", action(SqsQueueActions.SET_QUEUE_ATTRIBUTES, Map.of("queueName", "orders")),
                        "parameters do not fit the action"),
                Arguments.of("TagQueue without tags", action(SqsQueueActions.TAG_QUEUE, Map.of("queueName", "orders")),
                        "parameters do not fit the action"),
                Arguments.of("untag on CreateQueue", action(SqsQueueActions.CREATE_QUEUE, Map.of("queueName", "orders", "untag.team", "")),
                        "parameters do not fit the action"),
                Arguments.of("attribute on UntagQueue", action(SqsQueueActions.UNTAG_QUEUE,
                        Map.of("queueName", "orders", "untag.team", "", "attribute.DelaySeconds", "0")), "parameters do not fit the action"),
                Arguments.of("tag value over 256 characters", action(SqsQueueActions.TAG_QUEUE, Map.of("queueName", "orders", "tag.a", "v".repeat(257))),
                        "parameter 'tag.a' is not allowed"),
                Arguments.of("oversized parameter value", action(SqsQueueActions.SET_QUEUE_ATTRIBUTES,
                        Map.of("queueName", "orders", "attribute.Policy", "x".repeat(20_481))), "parameter attribute.Policy is too long"));
    }

    @ParameterizedTest(name = "bind rejects {0}")
    @MethodSource("rejected")
    void bindRejectsAnythingOutsideTheCatalogue(String name, PlannedAction action, String messageContains) {
        InvalidActionException e = assertThrows(InvalidActionException.class, () -> provider.bind(action));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("fifo queue name, default region", action(SqsQueueActions.SET_QUEUE_ATTRIBUTES,
                        Map.of("queueName", "orders.fifo", "attribute.ContentBasedDeduplication", "true")),
                        new SqsQueueActions.SetQueueAttributes(REGION, "orders.fifo", Map.of("ContentBasedDeduplication", "true"))),
                Arguments.of("explicit region", action(SqsQueueActions.TAG_QUEUE, Map.of("queueName", "orders", "region", "eu-west-1", "tag.team", "x")),
                        new SqsQueueActions.TagQueue("eu-west-1", "orders", Map.of("team", "x"))),
                Arguments.of("create with no attributes", action(SqsQueueActions.CREATE_QUEUE, Map.of("queueName", "orders")),
                        new SqsQueueActions.CreateQueue(REGION, "orders", Map.of(), Map.of())),
                Arguments.of("untag several", action(SqsQueueActions.UNTAG_QUEUE, Map.of("queueName", "orders", "untag.a", "", "untag.b", "")),
                        new SqsQueueActions.UntagQueue(REGION, "orders", Set.of("a", "b"))));
    }

    @ParameterizedTest(name = "bind accepts {0}")
    @MethodSource("accepted")
    void bindBuildsTheTypedAction(String name, PlannedAction action, TypedAction expected) {
        assertEquals(expected, provider.bind(action));
    }

    private static DesiredResource withProperty(String name, Object value) {
        return new DesiredResource("v-queue", "messaging", SqsQueueActions.TYPE, "v", "123456789012", REGION,
                Map.of(name, value), Map.of(), DriftMode.AUTO_HEAL);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                arguments("VisibilityTimeout", "ninety", "must be a whole number from 0 to 43200, not 'ninety'"),
                arguments("VisibilityTimeout", 43_201, "must be from 0 to 43200, not 43201"),
                arguments("DelaySeconds", -1, "must be from 0 to 900, not -1"),
                arguments("DelaySeconds", 1.5, "must be a whole number from 0 to 900, not '1.5'"),
                arguments("MaximumMessageSize", 1_023, "must be from 1024 to 1048576"),
                arguments("MaximumMessageSize", 1_048_577, "must be from 1024 to 1048576"),
                arguments("MessageRetentionPeriod", 59, "must be from 60 to 1209600"),
                arguments("ReceiveMessageWaitTimeSeconds", 21, "must be from 0 to 20"),
                arguments("KmsDataKeyReusePeriodSeconds", 86_401, "must be from 60 to 86400"),
                arguments("FifoQueue", "yes", "must be true or false, not 'yes'"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource
    void invalidValues(String attribute, Object value, String messageContains) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.validate(withProperty(attribute, value)));
        assertTrue(e.getMessage().contains("property " + attribute + " " + messageContains), e.getMessage());
    }

    @Test
    void valuesAtTheEdgesOfTheirRangeAndAsTextAreValid() {
        provider.validate(withProperty("VisibilityTimeout", 43_200));
        provider.validate(withProperty("VisibilityTimeout", "0"));
        provider.validate(withProperty("MessageRetentionPeriod", 86400.0));
        provider.validate(withProperty("MaximumMessageSize", 1_048_576));
        provider.validate(withProperty("FifoQueue", true));
        provider.validate(withProperty("ContentBasedDeduplication", "false"));
        provider.validate(desired("valid"));
    }

    @Test
    void typeInfoDeclaresTheCatalogue() {
        assertEquals(SqsQueueActions.TYPE, provider.typeInfo().type());
        assertEquals(List.of(SqsQueueActions.CREATE_QUEUE, SqsQueueActions.SET_QUEUE_ATTRIBUTES, SqsQueueActions.TAG_QUEUE,
                SqsQueueActions.UNTAG_QUEUE), provider.typeInfo().actions());
    }
}
