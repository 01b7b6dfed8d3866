package io.homeostat.runtime.provider.ssm;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/** observe → planRestore → bind → apply against moto's SSM Parameter Store, with drift made out-of-band. */
class SsmParameterProviderTest {

    private static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CloudClients clients;
    private static SsmParameterProvider provider;
    private static SsmClient outsider;
    private static String prefix;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        clients = new CloudClients(Optional.of(aws.endpoints().cloud()), Optional.of("k"), Optional.of("s"));
        provider = new SsmParameterProvider(clients, REGION);
        outsider = SsmClient.builder().endpointOverride(URI.create(aws.endpoints().cloud())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        prefix = "/" + LocalAws.prefix("paramprov");
    }

    @AfterAll
    static void close() {
        clients.close();
        outsider.close();
    }

    private static DesiredResource desired(String name, Map<String, Object> properties, Map<String, String> tags) {
        return new DesiredResource(name.replace('/', '-') + "-param", "config", SsmParameterActions.TYPE, name, "123456789012", REGION,
                properties, tags, DriftMode.AUTO_HEAL);
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** As the executor does: resolve desired references (secrets), then bind and apply. */
    private static void applyAll(DesiredResource want, List<PlannedAction> plan) {
        for (PlannedAction a : plan) {
            TypedAction bound = provider.bind(provider.resolveReferences(a, want));
            assertEquals(a.action(), bound.name());
            provider.apply(bound);
        }
    }

    private static void create(DesiredResource want) {
        applyAll(want, provider.planRestore(want, provider.observe(want)));
        assertTrue(provider.observe(want).upToDate());
    }

    private static Map<String, String> paths(Observation o) {
        Map<String, String> byPath = new TreeMap<>();
        o.diff().forEach(d -> byPath.put(d.path(), d.desired() + " -> " + d.actual()));
        return byPath;
    }

    private static String liveValue(String name) {
        return outsider.getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
    }

    private static Map<String, String> liveTags(String name) {
        Map<String, String> tags = new TreeMap<>();
        outsider.listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)).tagList()
                .forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void aMissingParameterIsCreatedWithItsTags() {
        // YAML numbers: 30.0 is written "30"; tags go by AddTagsToResource (PutParameter cannot tag with Overwrite).
        DesiredResource want = desired(prefix + "orders/timeout", props("Type", "String", "Value", 30.0,
                "Description", "orders timeout (s)"), Map.of("team", "payments", "env", "test"));

        Observation missing = provider.observe(want);
        assertFalse(missing.exists());
        assertEquals(List.of(new FieldDiff(FieldDiff.EXISTS, "true", "false")), missing.diff());

        List<PlannedAction> plan = provider.planRestore(want, missing);
        assertEquals(List.of(SsmParameterActions.PUT_PARAMETER, SsmParameterActions.ADD_TAGS), plan.stream().map(PlannedAction::action).toList());
        assertEquals(List.of(1, 2), plan.stream().map(PlannedAction::step).toList());
        assertEquals(new SsmParameterActions.PutParameter(REGION, want.name(), "String", "30", "orders timeout (s)", null),
                provider.bind(plan.get(0)));
        assertEquals(new SsmParameterActions.AddTagsToResource(REGION, want.name(), Map.of("team", "payments", "env", "test")),
                provider.bind(plan.get(1)));
        applyAll(want, plan);

        Observation after = provider.observe(want);
        assertTrue(after.exists());
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals(List.of(), provider.planRestore(want, after));
        assertEquals("30", after.actual().get("properties.Value"));
        assertEquals("String", after.actual().get("properties.Type"));
        assertEquals("text", after.actual().get("properties.DataType"));
        assertEquals("orders timeout (s)", after.actual().get("properties.Description"));
        assertEquals("payments", after.actual().get("tags.team"));
        assertEquals("30", liveValue(want.name()));

        // The same plan again: PutParameter overwrites with the same value, tags are set again. Still in sync.
        applyAll(want, plan);
        assertTrue(provider.observe(want).upToDate());
        assertEquals(Map.of("team", "payments", "env", "test"), liveTags(want.name()));
    }

    @Test
    void outOfBandValueDescriptionAndTypeChangesAreRestoredByOnePut() {
        DesiredResource want = desired(prefix + "feature/flags", props("Type", "StringList", "Value", List.of("a", "b", "c"),
                "Description", "flags"), Map.of());
        create(want);
        assertEquals("a,b,c", liveValue(want.name()));

        outsider.putParameter(b -> b.name(want.name()).type(ParameterType.STRING).value("a,b").description("meddled").overwrite(true));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.Description", "flags -> meddled", "properties.Type", "StringList -> String",
                "properties.Value", "a,b,c -> a,b"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SsmParameterActions.PUT_PARAMETER), plan.stream().map(PlannedAction::action).toList());
        assertEquals(Map.of("name", want.name(), "region", REGION, "type", "StringList", "value", "a,b,c", "description", "flags"),
                plan.get(0).parameters(), "the default DataType (text) is not sent");
        applyAll(want, plan);
        assertTrue(provider.observe(want).upToDate());
        assertEquals("a,b,c", liveValue(want.name()));
    }

    @Test
    void aSecureStringIsComparedDecryptedButNeverShown() {
        String secret = "s3cr3t-" + prefix.hashCode();
        DesiredResource want = desired(prefix + "db/password", props("Type", "SecureString", "Value", secret), Map.of("team", "db"));
        Observation missing = provider.observe(want);
        List<PlannedAction> plan = provider.planRestore(want, missing);
        assertFalse(plan.get(0).description().contains(secret), "the plan's description withholds the value");
        assertFalse(plan.toString().contains(secret), "the plan carries a reference, never the secret");
        assertEquals("desired-ref:Value", plan.get(0).parameters().get("value"));
        assertFalse(provider.bind(provider.resolveReferences(plan.get(0), want)).toString().contains(secret),
                "the resolved, bound action's toString withholds the value");
        applyAll(want, plan);

        Observation inSync = provider.observe(want);
        assertTrue(inSync.upToDate(), () -> "diff: " + inSync.diff());
        assertEquals(SsmParameterProvider.SECRET, inSync.actual().get("properties.Value"));
        assertEquals("alias/aws/ssm", inSync.actual().get("properties.KeyId"), "the account's default key, recorded, not managed");
        assertEquals("SecureString", inSync.actual().get("properties.Type"));
        assertFalse(inSync.toString().contains(secret));

        String leaked = "rotated-by-hand-" + prefix.hashCode();
        outsider.putParameter(b -> b.name(want.name()).type(ParameterType.SECURE_STRING).value(leaked).overwrite(true));

        Observation drifted = provider.observe(want);
        assertEquals(List.of(new FieldDiff("properties.Value", SsmParameterProvider.SECRET, SsmParameterProvider.SECRET)), drifted.diff(),
                "the change is detected, its values are not shown");
        assertFalse(drifted.toString().contains(leaked));
        assertFalse(drifted.toString().contains(secret));

        List<PlannedAction> restore = provider.planRestore(want, drifted);
        assertEquals(List.of(SsmParameterActions.PUT_PARAMETER), restore.stream().map(PlannedAction::action).toList());
        assertTrue(restore.get(0).description().contains("value withheld"));
        applyAll(want, restore);
        assertTrue(provider.observe(want).upToDate());
        assertEquals(secret, liveValue(want.name()));
    }

    @Test
    void aSecureStringTurnedIntoPlainTextIsStillRedacted() {
        DesiredResource want = desired(prefix + "api/key", props("Type", "SecureString", "Value", "k-123"), Map.of());
        create(want);
        outsider.putParameter(b -> b.name(want.name()).type(ParameterType.STRING).value("k-456").overwrite(true));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.Type", "SecureString -> String", "properties.Value", "(secret) -> (secret)"), paths(drifted));
        assertEquals(SsmParameterProvider.SECRET, drifted.actual().get("properties.Value"));
        applyAll(want, provider.planRestore(want, drifted));
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void onlyDeclaredPropertiesAreComparedAndUndeclaredOnesAreKeptOnRestore() {
        String name = prefix + "ami/latest";
        outsider.putParameter(b -> b.name(name).type(ParameterType.STRING).value("ami-12345678").dataType("aws:ec2:image")
                .description("set by the pipeline"));
        DesiredResource want = desired(name, props("Value", "ami-87654321"), Map.of());

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.Value", "ami-87654321 -> ami-12345678"), paths(drifted), "Type, DataType, Description not declared");
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals("String", plan.get(0).parameters().get("type"), "undeclared Type: the live one");
        assertEquals("aws:ec2:image", plan.get(0).parameters().get("dataType"), "undeclared DataType: the live one");
        assertNull(plan.get(0).parameters().get("description"), "undeclared Description: left alone");
        applyAll(want, plan);

        Observation after = provider.observe(want);
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals("aws:ec2:image", after.actual().get("properties.DataType"));
        assertEquals("set by the pipeline", after.actual().get("properties.Description"));
    }

    @Test
    void aDeclaredDataTypeIsRestored() {
        DesiredResource want = desired(prefix + "ami/pinned", props("Type", "String", "Value", "ami-0123456789abcdef0",
                "DataType", "aws:ec2:image"), Map.of());
        create(want);
        outsider.putParameter(b -> b.name(want.name()).type(ParameterType.STRING).value("ami-0123456789abcdef0").dataType("text").overwrite(true));
        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.DataType", "aws:ec2:image -> text"), paths(drifted));
        applyAll(want, provider.planRestore(want, drifted));
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void tagsAreAuthoritative() {
        DesiredResource want = desired(prefix + "tagged", props("Value", "v"), Map.of("team", "payments", "env", "test"));
        create(want);
        outsider.addTagsToResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(want.name())
                .tags(Tag.builder().key("owner").value("mallory").build(), Tag.builder().key("team").value("growth").build()));
        outsider.removeTagsFromResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(want.name()).tagKeys("env"));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("tags.env", "test -> null", "tags.owner", "null -> mallory", "tags.team", "payments -> growth"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SsmParameterActions.ADD_TAGS, SsmParameterActions.REMOVE_TAGS), plan.stream().map(PlannedAction::action).toList(),
                "no PutParameter: the value did not drift");
        assertEquals(new SsmParameterActions.RemoveTagsFromResource(REGION, want.name(), Set.of("owner")), provider.bind(plan.get(1)));
        applyAll(want, plan);
        applyAll(want, plan);
        assertTrue(provider.observe(want).upToDate());
        assertEquals(Map.of("team", "payments", "env", "test"), liveTags(want.name()));
    }

    @Test
    void tagActionsOnAVanishedParameterFailWithoutRetry() {
        CloudCallException e = assertThrows(CloudCallException.class, () -> provider.apply(
                new SsmParameterActions.AddTagsToResource(REGION, prefix + "never/created", Map.of("a", "b"))));
        assertFalse(e.retryable());
    }

    // ------------------------------------------------------------------ values

    @Test
    void valuesCompareAsTheStringsAnApplicationReads() {
        assertTrue(SsmParameterProvider.sameValue("30", "30"));
        assertFalse(SsmParameterProvider.sameValue("007", "7"), "a parameter value is not a number");
        assertFalse(SsmParameterProvider.sameValue("30", "30.0"));
        assertFalse(SsmParameterProvider.sameValue("a ", "a"), "whitespace is part of the value");
        assertTrue(SsmParameterProvider.sameValue("{\"b\": 1, \"a\": [1, 2]}", "{\"a\":[1,2],\"b\":1}"), "JSON documents compare canonically");
        assertFalse(SsmParameterProvider.sameValue("{\"a\": [2, 1]}", "{\"a\":[1,2]}"), "JSON arrays keep their order");
        assertFalse(SsmParameterProvider.sameValue("{not json", "{not  json"));
        assertFalse(SsmParameterProvider.sameValue("[1]", "[1"));
    }

    @Test
    void desiredValuesAreWrittenAsStrings() {
        assertEquals("30", SsmParameterProvider.spec(desired("/a", props("Value", 30), Map.of())).value());
        assertEquals("30", SsmParameterProvider.spec(desired("/a", props("Value", 30.0), Map.of())).value());
        assertEquals("0.5", SsmParameterProvider.spec(desired("/a", props("Value", 0.50), Map.of())).value());
        assertEquals("true", SsmParameterProvider.spec(desired("/a", props("Value", true), Map.of())).value());
        assertEquals("007", SsmParameterProvider.spec(desired("/a", props("Value", "007"), Map.of())).value());
        assertEquals("x,y", SsmParameterProvider.spec(desired("/a", props("Type", "StringList", "Value", List.of("x", "y")), Map.of())).value());
        assertEquals("{\"a\":1,\"b\":[2,3]}", SsmParameterProvider.spec(desired("/a",
                props("Value", new TreeMap<>(Map.of("b", List.of(2, 3), "a", 1))), Map.of())).value(), "a map is stored as canonical JSON");
    }

    @Test
    void aJsonValueWrittenDifferentlyIsInSync() {
        DesiredResource want = desired(prefix + "json", props("Value", Map.of("retries", 3, "hosts", List.of("a", "b"))), Map.of());
        create(want);
        outsider.putParameter(b -> b.name(want.name()).type(ParameterType.STRING).value("{ \"hosts\": [\"a\", \"b\"], \"retries\": 3 }").overwrite(true));
        assertTrue(provider.observe(want).upToDate(), "same document, other spelling");
        outsider.putParameter(b -> b.name(want.name()).type(ParameterType.STRING).value("{\"hosts\": [\"a\"], \"retries\": 3}").overwrite(true));
        assertEquals(Set.of("properties.Value"), paths(provider.observe(want)).keySet());
    }

    // ------------------------------------------------------------------ desired validation

    static Stream<Arguments> badDesired() {
        return Stream.of(
                Arguments.of("unknown property", "/ok", props("Value", "v", "Tier", "Advanced"), "unknown property [Tier]"),
                Arguments.of("no Value", "/ok", props("Type", "String"), "Value is required"),
                Arguments.of("empty Value", "/ok", props("Value", ""), "Value must be 1-8192 characters"),
                Arguments.of("Value too long", "/ok", props("Value", "v".repeat(8193)), "Value must be 1-8192 characters"),
                Arguments.of("bad Type", "/ok", props("Type", "Secret", "Value", "v"), "Type 'Secret' is not one of"),
                Arguments.of("bad DataType", "/ok", props("Value", "v", "DataType", "json"), "DataType 'json' is not one of"),
                Arguments.of("list without StringList", "/ok", props("Value", List.of("a")), "a list Value needs Type: StringList"),
                Arguments.of("list item with a comma", "/ok", props("Type", "StringList", "Value", List.of("a,b")), "without commas"),
                Arguments.of("Description as a list", "/ok", props("Value", "v", "Description", List.of("a")), "Description must be text"),
                Arguments.of("Description too long", "/ok", props("Value", "v", "Description", "d".repeat(1025)), "Description is longer"),
                Arguments.of("name with a space", "/my param", props("Value", "v"), "invalid parameter name"),
                Arguments.of("relative hierarchical name", "a/b", props("Value", "v"), "invalid parameter name"),
                Arguments.of("empty level", "/a//b", props("Value", "v"), "invalid parameter name"),
                Arguments.of("reserved aws prefix", "/aws/service/x", props("Value", "v"), "reserved"),
                Arguments.of("reserved ssm prefix", "SSM-config", props("Value", "v"), "reserved"),
                Arguments.of("too deep", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", props("Value", "v"), "more than 15 levels"));
    }

    @ParameterizedTest(name = "observe rejects desired with {0}")
    @MethodSource("badDesired")
    void observeRejectsDesiredItCannotCompare(String name, String parameterName, Map<String, Object> properties, String messageContains) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.observe(desired(parameterName, properties, Map.of())));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
    }

    @Test
    void validateJudgesAPhaseWithoutCallingTheCloud() {
        // Nothing listens on port 9: any cloud call would fail, so passing means no call was made.
        CloudClients nowhere = new CloudClients(Optional.of("http://127.0.0.1:9"), Optional.of("k"), Optional.of("s"));
        SsmParameterProvider offline = new SsmParameterProvider(nowhere, REGION);
        offline.validate(desired("/app/x", props("Type", "SecureString", "Value", "v"), Map.of("team", "a b")));
        for (Map<String, String> tags : List.of(Map.of("aws:owner", "me"), Map.of("team", "semi;colon"), Map.of("k".repeat(129), "v"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> offline.validate(desired("/app/x", props("Value", "v"), tags)));
            assertTrue(e.getMessage().contains("tag '"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> offline.validate(desired("/app/x", props("Type", "String"), Map.of())));
        nowhere.close();
    }

    // ------------------------------------------------------------------ bind

    private static PlannedAction action(String name, Map<String, String> parameters) {
        return new PlannedAction(1, name, parameters, "test");
    }

    private static Map<String, String> with(Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", "/app/x");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove((String) kv[i]);
            } else {
                m.put((String) kv[i], (String) kv[i + 1]);
            }
        }
        return m;
    }

    static Stream<Arguments> rejected() {
        String put = SsmParameterActions.PUT_PARAMETER;
        return Stream.of(
                Arguments.of("DeleteParameter", action(SsmParameterActions.TYPE + "/DeleteParameter", with()), "is not in the catalogue"),
                Arguments.of("another type's action", action("aws.sqs.queue/TagQueue", with("tag.a", "b")), "is not in the catalogue"),
                Arguments.of("missing name", action(put, with("name", null, "type", "String", "value", "v")), "invalid or missing name 'null'"),
                Arguments.of("name with a space", action(put, with("name", "/a b", "type", "String", "value", "v")), "invalid or missing name"),
                Arguments.of("name with ..", action(put, with("name", "/a/../b", "type", "String", "value", "v")), "are not allowed as levels"),
                Arguments.of("name with a trailing slash", action(put, with("name", "/a/", "type", "String", "value", "v")), "invalid or missing name"),
                Arguments.of("an ARN as name", action(put, with("name", "arn:aws:ssm:us-east-1:1:parameter/a", "type", "String", "value", "v")),
                        "invalid or missing name"),
                Arguments.of("reserved name", action(put, with("name", "/aws/service/ami", "type", "String", "value", "v")), "reserved"),
                Arguments.of("name too long", action(put, with("name", "/" + "n".repeat(1011), "type", "String", "value", "v")), "longer than 1011"),
                Arguments.of("invalid region", action(put, with("region", "mars", "type", "String", "value", "v")), "invalid region 'mars'"),
                Arguments.of("unknown type", action(put, with("type", "Binary", "value", "v")), "type 'Binary' is not one of"),
                Arguments.of("empty value", action(put, with("type", "String", "value", "")), "value must be 1-8192"),
                Arguments.of("value too long", action(put, with("type", "String", "value", "v".repeat(8193))), "value must be 1-8192"),
                Arguments.of("description too long", action(put, with("type", "String", "value", "v", "description", "d".repeat(1025))),
                        "description is longer than 1024"),
                Arguments.of("unknown data type", action(put, with("type", "String", "value", "v", "dataType", "json")), "dataType 'json' is not one of"),
                Arguments.of("PutParameter without type", action(put, with("value", "v")), "parameters do not fit the action"),
                Arguments.of("PutParameter without value", action(put, with("type", "String")), "parameters do not fit the action"),
                Arguments.of("tags on PutParameter", action(put, with("type", "String", "value", "v", "tag.a", "b")), "parameters do not fit the action"),
                Arguments.of("a value on AddTagsToResource", action(SsmParameterActions.ADD_TAGS, with("tag.a", "b", "value", "v")),
                        "parameters do not fit the action"),
                Arguments.of("AddTagsToResource without tags", action(SsmParameterActions.ADD_TAGS, with()), "parameters do not fit the action"),
                Arguments.of("RemoveTagsFromResource without keys", action(SsmParameterActions.REMOVE_TAGS, with()), "parameters do not fit the action"),
                Arguments.of("an aws: tag", action(SsmParameterActions.ADD_TAGS, with("tag.aws:x", "b")), "parameter 'tag.aws:x' is not allowed"),
                Arguments.of("a tag with a forbidden character", action(SsmParameterActions.ADD_TAGS, with("tag.a", "b;rm -rf")),
                        "parameter 'tag.a' is not allowed"),
                Arguments.of("Overwrite as a parameter", action(put, with("type", "String", "value", "v", "overwrite", "false")),
                        "parameter 'overwrite' is not allowed"),
                Arguments.of("KeyId as a parameter", action(put, with("type", "SecureString", "value", "v", "keyId", "alias/other")),
                        "parameter 'keyId' is not allowed"));
    }

    @ParameterizedTest(name = "bind rejects {0}")
    @MethodSource("rejected")
    void bindRejectsAnythingOutsideTheCatalogue(String name, PlannedAction action, String messageContains) {
        InvalidActionException e = assertThrows(InvalidActionException.class, () -> provider.bind(action));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("a plain name, default region", action(SsmParameterActions.PUT_PARAMETER,
                                with("name", "plain_name-1.v2", "type", "StringList", "value", "a,b")),
                        new SsmParameterActions.PutParameter(REGION, "plain_name-1.v2", "StringList", "a,b", null, null)),
                Arguments.of("everything", action(SsmParameterActions.PUT_PARAMETER, with("region", "eu-west-1", "type", "SecureString",
                                "value", "p@ss w0rd;", "description", "", "dataType", "text")),
                        new SsmParameterActions.PutParameter("eu-west-1", "/app/x", "SecureString", "p@ss w0rd;", "", "text")),
                Arguments.of("tags with SSM's allowed characters", action(SsmParameterActions.ADD_TAGS, with("tag.cost-center", "a/b:c=d+e@f.g_h i")),
                        new SsmParameterActions.AddTagsToResource(REGION, "/app/x", Map.of("cost-center", "a/b:c=d+e@f.g_h i"))),
                Arguments.of("untag several", action(SsmParameterActions.REMOVE_TAGS, with("untag.a", "", "untag.b", "")),
                        new SsmParameterActions.RemoveTagsFromResource(REGION, "/app/x", Set.of("a", "b"))));
    }

    @ParameterizedTest(name = "bind accepts {0}")
    @MethodSource("accepted")
    void bindBuildsTheTypedAction(String name, PlannedAction action, TypedAction expected) {
        assertEquals(expected, provider.bind(action));
    }

    // ------------------------------------------------------------------ CloudTrail

    static Stream<Arguments> cloudTrail() {
        return Stream.of(
                Arguments.of("PutParameter", "{\"name\": \"/orders/db/password\", \"type\": \"SecureString\", "
                        + "\"value\": \"HIDDEN_DUE_TO_SECURITY_REASONS\", \"overwrite\": true}", "/orders/db/password"),
                Arguments.of("DeleteParameter", "{\"name\": \"/orders/timeout\"}", "/orders/timeout"),
                // DeleteParameters names several: every one, in order, without blanks, non-text entries or repeats
                Arguments.of("DeleteParameters", "{\"names\": [\"/orders/a\", \"/orders/b\"]}", List.of("/orders/a", "/orders/b")),
                Arguments.of("DeleteParameters", "{\"names\": [\"/orders/a\", \"\", null, 5, {\"n\": \"/x\"}, \"/orders/a\", \"plain\", "
                        + "\"/orders/c\"]}", List.of("/orders/a", "plain", "/orders/c")),
                Arguments.of("DeleteParameters", "{\"names\": [\"/orders/only\"]}", "/orders/only"),
                Arguments.of("DeleteParameters", "{\"names\": [null, \"  \"]}", null),
                Arguments.of("LabelParameterVersion", "{\"name\": \"plain\", \"parameterVersion\": 3, \"labels\": [\"prod\"]}", "plain"),
                Arguments.of("UnlabelParameterVersion", "{\"name\": \"plain\", \"parameterVersion\": 3, \"labels\": [\"prod\"]}", "plain"),
                Arguments.of("AddTagsToResource", "{\"resourceType\": \"Parameter\", \"resourceId\": \"/orders/timeout\", "
                        + "\"tags\": [{\"key\": \"team\", \"value\": \"x\"}]}", "/orders/timeout"),
                Arguments.of("RemoveTagsFromResource", "{\"resourceType\": \"Parameter\", \"resourceId\": \"/orders/timeout\", "
                        + "\"tagKeys\": [\"team\"]}", "/orders/timeout"),
                // not ours
                Arguments.of("AddTagsToResource", "{\"resourceType\": \"Document\", \"resourceId\": \"my-runbook\", \"tags\": []}", null),
                Arguments.of("AddTagsToResource", "{\"resourceId\": \"/orders/timeout\"}", null),
                Arguments.of("GetParameter", "{\"name\": \"/credentials/stratus-red-team/credentials-25\", \"withDecryption\": true}", null),
                Arguments.of("GetParameters", "{\"names\": [\"/credentials/a\"], \"withDecryption\": true}", null),
                Arguments.of("SendCommand", "{\"documentName\": \"AWS-RunShellScript\", \"instanceIds\": [\"i-006e4c07b5fba8ad2\"]}", null),
                Arguments.of("DeleteParameters", "{\"names\": []}", null),
                Arguments.of("DeleteParameters", "{\"names\": \"/orders/a\"}", null),
                Arguments.of("PutParameter", "{\"name\": {\"nested\": true}}", null),
                Arguments.of("PutParameter", "{}", null));
    }

    /** @param expected the one name, the names (a list), or null for none */
    @ParameterizedTest(name = "{0} {1} names {2}")
    @MethodSource("cloudTrail")
    void cloudTrailCallsMapToTheParametersTheyTouch(String eventName, String params, Object expected) throws Exception {
        JsonNode node = JSON.readTree(params);
        List<?> names = expected == null ? List.of() : expected instanceof List<?> l ? l : List.of(expected);
        assertEquals(names, SsmParameterProvider.CLOUDTRAIL.resourceNames("ssm.amazonaws.com", eventName, node));
        assertEquals(names.stream().findFirst(), SsmParameterProvider.CLOUDTRAIL.resourceName("ssm.amazonaws.com", eventName, node),
                "resourceName is the first of them");
    }

    @Test
    void cloudTrailIgnoresOtherServicesAndMissingParameters() throws Exception {
        JsonNode params = JSON.readTree("{\"name\": \"/orders/timeout\"}");
        assertEquals(Optional.empty(), SsmParameterProvider.CLOUDTRAIL.resourceName("secretsmanager.amazonaws.com", "PutParameter", params));
        assertEquals(Optional.empty(), SsmParameterProvider.CLOUDTRAIL.resourceName("ssm.amazonaws.com", "PutParameter", null));
        assertEquals(Optional.empty(), SsmParameterProvider.CLOUDTRAIL.resourceName("ssm.amazonaws.com", "PutParameter", JSON.readTree("[]")));
        assertEquals(List.of(), SsmParameterProvider.CLOUDTRAIL.resourceNames("ssm.amazonaws.com", "DeleteParameters", null));
        assertEquals(List.of(), SsmParameterProvider.CLOUDTRAIL.resourceNames("sqs.amazonaws.com", "DeleteParameters",
                JSON.readTree("{\"names\": [\"/orders/a\"]}")));
        assertEquals(Optional.of(SsmParameterProvider.CLOUDTRAIL), provider.cloudTrail());
    }

    @Test
    void typeInfoDeclaresTheCatalogueAndPermissions() {
        assertEquals(SsmParameterActions.TYPE, provider.typeInfo().type());
        assertEquals("ssm", provider.typeInfo().service());
        assertEquals(List.of(SsmParameterActions.PUT_PARAMETER, SsmParameterActions.ADD_TAGS, SsmParameterActions.REMOVE_TAGS),
                provider.typeInfo().actions());
        assertTrue(provider.typeInfo().permissions().containsAll(List.of("ssm:GetParameter", "ssm:DescribeParameters",
                "ssm:ListTagsForResource", "ssm:PutParameter", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "kms:Decrypt")));
    }

    @Test
    void putParameterRecordsNeverPrintTheirValue() {
        SsmParameterActions.PutParameter put = new SsmParameterActions.PutParameter(REGION, "/a", "SecureString", "hunter2", null, null);
        assertFalse(put.toString().contains("hunter2"));
        assertTrue(put.toString().contains("7 chars withheld"));
        assertInstanceOf(TypedAction.class, put);
    }
}
