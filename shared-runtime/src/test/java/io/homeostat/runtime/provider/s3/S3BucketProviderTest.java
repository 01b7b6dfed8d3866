package io.homeostat.runtime.provider.s3;

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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/** observe → planRestore → bind → apply against moto's S3, with drift made out-of-band as a person would. */
class S3BucketProviderTest {

    private static final String REGION = "us-east-1";
    private static final Map<String, Object> ALL_BLOCKED = Map.of("BlockPublicAcls", true, "IgnorePublicAcls", true,
            "BlockPublicPolicy", true, "RestrictPublicBuckets", true);

    private static CloudClients clients;
    private static S3BucketProvider provider;
    private static S3Client outsider;
    private static String prefix;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        clients = new CloudClients(Optional.of(aws.endpoints().cloud()), Optional.of("k"), Optional.of("s"));
        provider = new S3BucketProvider(clients, REGION);
        outsider = S3Client.builder().endpointOverride(URI.create(aws.endpoints().cloud())).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        prefix = LocalAws.prefix("s3p");
    }

    @AfterAll
    static void close() {
        outsider.close();
        clients.close();
    }

    private static DesiredResource desired(String name, String region, Map<String, Object> properties, Map<String, String> tags) {
        return new DesiredResource(name + "-bucket", "storage", S3BucketActions.TYPE, name, "123456789012", region,
                properties, tags, DriftMode.AUTO_HEAL);
    }

    /** Everything managed: versioning, KMS encryption with a key, the full public access block, two tags. */
    private static DesiredResource full(String name) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Versioning", "Enabled");
        properties.put("Encryption", Map.of("Algorithm", "aws:kms", "KmsKeyId", "alias/audit"));
        properties.put("PublicAccessBlock", ALL_BLOCKED);
        return desired(name, REGION, properties, Map.of("team", "security", "env", "test"));
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

    private static Map<String, String> paths(Observation o) {
        Map<String, String> byPath = new LinkedHashMap<>();
        o.diff().forEach(d -> byPath.put(d.path(), d.desired() + " -> " + d.actual()));
        return byPath;
    }

    private static List<String> actions(List<PlannedAction> plan) {
        return plan.stream().map(PlannedAction::action).toList();
    }

    private static Map<String, String> liveTags(String bucket) {
        return outsider.getBucketTagging(b -> b.bucket(bucket)).tagSet().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    @Test
    void aMissingBucketIsObservedAsNotExistingAndCreatedWithEveryDeclaredAspect() {
        DesiredResource want = full(prefix + "audit");

        Observation missing = provider.observe(want);
        assertFalse(missing.exists());
        assertEquals(List.of(new FieldDiff(FieldDiff.EXISTS, "true", "false")), missing.diff());

        List<PlannedAction> plan = provider.planRestore(want, missing);
        assertEquals(List.of(S3BucketActions.CREATE_BUCKET, S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK, S3BucketActions.PUT_BUCKET_ENCRYPTION,
                S3BucketActions.PUT_BUCKET_VERSIONING, S3BucketActions.PUT_BUCKET_TAGGING), actions(plan));
        assertEquals(List.of(1, 2, 3, 4, 5), plan.stream().map(PlannedAction::step).toList());
        assertEquals(new S3BucketActions.CreateBucket(REGION, want.name()), provider.bind(plan.get(0)));
        assertEquals(new S3BucketActions.PutPublicAccessBlock(REGION, want.name(), true, true, true, true), provider.bind(plan.get(1)));
        assertEquals(new S3BucketActions.PutBucketEncryption(REGION, want.name(), "aws:kms", "alias/audit"), provider.bind(plan.get(2)));
        assertEquals(new S3BucketActions.PutBucketVersioning(REGION, want.name(), "Enabled"), provider.bind(plan.get(3)));
        assertEquals(new S3BucketActions.PutBucketTagging(REGION, want.name(), Map.of("team", "security", "env", "test")),
                provider.bind(plan.get(4)));
        applyAll(plan);

        Observation after = provider.observe(want);
        assertTrue(after.exists());
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals(Map.of("region", REGION, "properties.Versioning", "Enabled", "properties.Encryption.Algorithm", "aws:kms",
                "properties.Encryption.KmsKeyId", "alias/audit", "properties.PublicAccessBlock.BlockPublicAcls", "true",
                "properties.PublicAccessBlock.IgnorePublicAcls", "true", "properties.PublicAccessBlock.BlockPublicPolicy", "true",
                "properties.PublicAccessBlock.RestrictPublicBuckets", "true", "tags.team", "security", "tags.env", "test"),
                after.actual());
        assertEquals(List.of(), provider.planRestore(want, after));
        assertEquals(BucketVersioningStatus.ENABLED, outsider.getBucketVersioning(b -> b.bucket(want.name())).status());

        // Applying the same plan again is harmless: CreateBucket on an owned bucket and every Put are idempotent.
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void aBucketOutsideUsEast1IsCreatedWithItsLocationConstraint() {
        DesiredResource want = desired(prefix + "eu-logs", "eu-west-1", Map.of("Versioning", "Suspended"), Map.of());
        List<PlannedAction> plan = provider.planRestore(want, provider.observe(want));
        assertEquals(List.of(S3BucketActions.CREATE_BUCKET, S3BucketActions.PUT_BUCKET_VERSIONING), actions(plan),
                "no tags declared: no tagging follow-up");
        assertEquals("eu-west-1", plan.get(0).parameters().get("region"));
        applyAll(plan);

        assertEquals("eu-west-1", outsider.getBucketLocation(b -> b.bucket(want.name())).locationConstraintAsString());
        Observation after = provider.observe(want);
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals("eu-west-1", after.actual().get("region"));
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void aBucketInAnotherRegionThanDeclaredIsReportedNotRecreated() {
        String name = prefix + "moved";
        outsider.createBucket(b -> b.bucket(name).createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
        CloudCallException e = assertThrows(CloudCallException.class,
                () -> provider.observe(desired(name, REGION, Map.of("Versioning", "Enabled"), Map.of())));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("the bucket is in eu-central-1 but desired declares region us-east-1"), e.getMessage());
    }

    @Test
    void suspendedVersioningIsRestored() {
        DesiredResource want = created(full(prefix + "versions"));
        outsider.putBucketVersioning(b -> b.bucket(want.name()).versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.Versioning", "Enabled -> Suspended"), paths(drifted));
        assertEquals("Suspended", drifted.actual().get("properties.Versioning"), "the before-image holds the live value");
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(S3BucketActions.PUT_BUCKET_VERSIONING), actions(plan), "only what drifted is restored");
        assertEquals(Map.of("bucketName", want.name(), "region", REGION, "status", "Enabled"), plan.get(0).parameters());
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        assertEquals(BucketVersioningStatus.ENABLED, outsider.getBucketVersioning(b -> b.bucket(want.name())).status());
    }

    @Test
    void changedDefaultEncryptionIsRestoredWithItsKey() {
        DesiredResource want = created(full(prefix + "enc"));
        outsider.putBucketEncryption(b -> b.bucket(want.name()).serverSideEncryptionConfiguration(c -> c.rules(
                ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
                        ServerSideEncryptionByDefault.builder().sseAlgorithm("AES256").build()).build())));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.Encryption.Algorithm", "aws:kms -> AES256", "properties.Encryption.KmsKeyId", "alias/audit -> null"),
                paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(S3BucketActions.PUT_BUCKET_ENCRYPTION), actions(plan));
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        ServerSideEncryptionByDefault live = outsider.getBucketEncryption(b -> b.bucket(want.name()))
                .serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault();
        assertEquals("aws:kms", live.sseAlgorithmAsString());
        assertEquals("alias/audit", live.kmsMasterKeyID());
    }

    @Test
    void deletedDefaultEncryptionIsNotSetNotAFailureAndIsRestored() {
        DesiredResource want = created(desired(prefix + "enc-del", REGION, Map.of("Encryption", Map.of("Algorithm", "AES256")), Map.of()));
        outsider.deleteBucketEncryption(b -> b.bucket(want.name()));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.Encryption.Algorithm", "AES256 -> null"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(new S3BucketActions.PutBucketEncryption(REGION, want.name(), "AES256", null), provider.bind(plan.get(0)));
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void aKmsKeySwappedOutOfBandIsDrift() {
        DesiredResource want = created(full(prefix + "key"));
        outsider.putBucketEncryption(b -> b.bucket(want.name()).serverSideEncryptionConfiguration(c -> c.rules(
                ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
                        ServerSideEncryptionByDefault.builder().sseAlgorithm("aws:kms").kmsMasterKeyID("alias/attacker").build()).build())));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.Encryption.KmsKeyId", "alias/audit -> alias/attacker"), paths(drifted));
        applyAll(provider.planRestore(want, drifted));
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void aRemovedPublicAccessBlockIsRestoredWhole() {
        DesiredResource want = created(full(prefix + "pab"));
        outsider.deletePublicAccessBlock(b -> b.bucket(want.name()));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.PublicAccessBlock.BlockPublicAcls", "true -> false",
                "properties.PublicAccessBlock.IgnorePublicAcls", "true -> false",
                "properties.PublicAccessBlock.BlockPublicPolicy", "true -> false",
                "properties.PublicAccessBlock.RestrictPublicBuckets", "true -> false"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK), actions(plan), "one call restores all four flags");
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        var live = outsider.getPublicAccessBlock(b -> b.bucket(want.name())).publicAccessBlockConfiguration();
        assertTrue(live.blockPublicAcls() && live.ignorePublicAcls() && live.blockPublicPolicy() && live.restrictPublicBuckets());
    }

    @Test
    void oneLoosenedPublicAccessFlagIsOneDiffAndTheOthersStay() {
        DesiredResource want = created(full(prefix + "pab-one"));
        outsider.putPublicAccessBlock(b -> b.bucket(want.name()).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(false).restrictPublicBuckets(true)));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.PublicAccessBlock.BlockPublicPolicy", "true -> false"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(Map.of("bucketName", want.name(), "region", REGION, "blockPublicAcls", "true", "ignorePublicAcls", "true",
                "blockPublicPolicy", "true", "restrictPublicBuckets", "true"), plan.get(0).parameters());
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void tagDriftIsRestoredByReplacingTheWholeTagSet() {
        DesiredResource want = created(full(prefix + "tags"));
        outsider.putBucketTagging(b -> b.bucket(want.name()).tagging(t -> t.tagSet(
                Tag.builder().key("team").value("growth").build(), Tag.builder().key("owner").value("mallory").build())));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("tags.env", "test -> null", "tags.owner", "null -> mallory", "tags.team", "security -> growth"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(S3BucketActions.PUT_BUCKET_TAGGING), actions(plan), "S3 tagging replaces the set: one call");
        assertEquals(Map.of("bucketName", want.name(), "region", REGION, "tag.env", "test", "tag.team", "security"), plan.get(0).parameters());
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        assertEquals(Map.of("team", "security", "env", "test"), liveTags(want.name()));
    }

    @Test
    void tagsOnABucketThatShouldHaveNoneAreRemovedWithDeleteBucketTagging() {
        DesiredResource want = created(desired(prefix + "untagged", REGION, Map.of("Versioning", "Enabled"), Map.of()));
        outsider.putBucketTagging(b -> b.bucket(want.name()).tagging(t -> t.tagSet(Tag.builder().key("owner").value("mallory").build())));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("tags.owner", "null -> mallory"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(Map.of("bucketName", want.name(), "region", REGION), plan.get(0).parameters());
        S3BucketActions.PutBucketTagging put = assertInstanceOf(S3BucketActions.PutBucketTagging.class, provider.bind(plan.get(0)));
        assertEquals(Map.of(), put.tags());
        assertTrue(provider.apply(put).contains("removed every tag"));
        provider.apply(put);

        assertTrue(provider.observe(want).upToDate());
        S3Exception none = assertThrows(S3Exception.class, () -> outsider.getBucketTagging(b -> b.bucket(want.name())));
        assertEquals("NoSuchTagSet", none.awsErrorDetails().errorCode());
    }

    @Test
    void onlyDeclaredPropertiesAreCompared() {
        DesiredResource want = created(desired(prefix + "partial", REGION, Map.of("Versioning", "Enabled"), Map.of("team", "x")));
        outsider.putPublicAccessBlock(b -> b.bucket(want.name()).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));
        outsider.putBucketEncryption(b -> b.bucket(want.name()).serverSideEncryptionConfiguration(c -> c.rules(
                ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(
                        ServerSideEncryptionByDefault.builder().sseAlgorithm("AES256").build()).build())));

        Observation now = provider.observe(want);
        assertTrue(now.upToDate(), () -> "undeclared aspects are not drift: " + now.diff());
        assertEquals("AES256", now.actual().get("properties.Encryption.Algorithm"), "but they are in the before-image");
        assertEquals("true", now.actual().get("properties.PublicAccessBlock.BlockPublicAcls"));
    }

    @Test
    void anOmittedFlagMeansFalseAndNoConfigurationBlocksNothing() {
        // A bucket with no public access block at all matches a declared block of all-false flags.
        String name = prefix + "open";
        outsider.createBucket(b -> b.bucket(name));
        DesiredResource open = desired(name, REGION, Map.of("PublicAccessBlock", Map.of("BlockPublicAcls", false)), Map.of());
        Observation now = provider.observe(open);
        assertTrue(now.upToDate(), () -> "diff: " + now.diff());

        DesiredResource acls = desired(name, REGION, Map.of("PublicAccessBlock", Map.of("BlockPublicAcls", true)), Map.of());
        Observation drifted = provider.observe(acls);
        assertEquals(Map.of("properties.PublicAccessBlock.BlockPublicAcls", "true -> false"), paths(drifted));
        assertEquals(Map.of("bucketName", name, "region", REGION, "blockPublicAcls", "true", "ignorePublicAcls", "false",
                "blockPublicPolicy", "false", "restrictPublicBuckets", "false"), provider.planRestore(acls, drifted).get(0).parameters());
    }

    @Test
    void yamlBooleansAndTheirStringFormsCompareEqual() {
        DesiredResource booleans = created(desired(prefix + "bools", REGION, Map.of("PublicAccessBlock", ALL_BLOCKED), Map.of()));
        Map<String, Object> strings = Map.of("PublicAccessBlock", Map.of("BlockPublicAcls", "true", "IgnorePublicAcls", "TRUE",
                "BlockPublicPolicy", " True ", "RestrictPublicBuckets", "true"), "Versioning", "Enabled");
        Observation o = provider.observe(desired(booleans.name(), REGION, strings, Map.of()));
        assertEquals(Map.of("properties.Versioning", "Enabled -> null"), paths(o),
                "flags written as strings match; never-enabled versioning is absent, not 'Suspended'");
    }

    @Test
    void anActionOnADeletedBucketFailsWithoutRetry() {
        CloudCallException e = assertThrows(CloudCallException.class,
                () -> provider.apply(new S3BucketActions.PutBucketVersioning(REGION, prefix + "gone", "Enabled")));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("bucket does not exist"), e.getMessage());
    }

    private static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void applyFailuresSayWhetherRetryingCanHelp() {
        CloudCallException gone = S3BucketProvider.failure("x", s3Error(404, "NoSuchBucket"));
        assertFalse(gone.retryable());
        assertTrue(gone.getMessage().contains("bucket does not exist"));
        assertTrue(S3BucketProvider.failure("x", s3Error(409, "OperationAborted")).retryable(), "a conflicting operation passes");
        assertFalse(S3BucketProvider.failure("x", s3Error(409, "BucketAlreadyExists")).retryable(), "someone else owns the name");
        assertFalse(S3BucketProvider.failure("x", s3Error(403, "AccessDenied")).retryable());
        assertTrue(S3BucketProvider.failure("x", s3Error(503, "SlowDown")).retryable());
    }

    @Test
    void creatingABucketOwnedInAnotherRegionFails() {
        String name = prefix + "elsewhere";
        outsider.createBucket(b -> b.bucket(name).createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        CloudCallException e = assertThrows(CloudCallException.class,
                () -> provider.apply(new S3BucketActions.CreateBucket("eu-central-1", name)));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("already exists in eu-west-1, not eu-central-1"), e.getMessage());
    }

    static Stream<Arguments> invalidDesired() {
        return Stream.of(
                Arguments.of("unknown property", Map.of("Lifecycle", "x"), "unknown property 'Lifecycle'; allowed: [Encryption, PublicAccessBlock, Versioning]"),
                Arguments.of("versioning outside the enum", Map.of("Versioning", "On"), "Versioning must be one of [Enabled, Suspended]"),
                Arguments.of("encryption not a map", Map.of("Encryption", "AES256"), "Encryption must be a map"),
                Arguments.of("unknown encryption key", Map.of("Encryption", Map.of("Algorithm", "AES256", "BucketKey", true)),
                        "unknown key 'BucketKey' in Encryption"),
                Arguments.of("unknown algorithm", Map.of("Encryption", Map.of("Algorithm", "DES")), "algorithm must be one of [AES256, aws:kms]"),
                Arguments.of("missing algorithm", Map.of("Encryption", Map.of("KmsKeyId", "alias/x")), "algorithm must be one of"),
                Arguments.of("key with AES256", Map.of("Encryption", Map.of("Algorithm", "AES256", "KmsKeyId", "alias/x")),
                        "a KMS key applies only to aws:kms"),
                Arguments.of("malformed key", Map.of("Encryption", Map.of("Algorithm", "aws:kms", "KmsKeyId", "alias/../x y")), "invalid KMS key"),
                Arguments.of("flag not boolean", Map.of("PublicAccessBlock", Map.of("BlockPublicAcls", "yes")),
                        "PublicAccessBlock.BlockPublicAcls must be true or false"),
                Arguments.of("unknown flag", Map.of("PublicAccessBlock", Map.of("BlockEverything", true)),
                        "unknown key 'BlockEverything' in PublicAccessBlock"));
    }

    @ParameterizedTest(name = "observe rejects {0}")
    @MethodSource("invalidDesired")
    void observeRejectsDesiredPropertiesItCannotManage(String name, Map<String, Object> properties, String messageContains) {
        DesiredResource invalid = desired(prefix + "invalid", REGION, properties, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.observe(invalid));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> provider.validate(invalid),
                "load-time validation rejects the same, without a cloud call");
        assertEquals(e.getMessage(), v.getMessage());
    }

    @Test
    void validateAcceptsEveryManagedAspect() {
        provider.validate(full(prefix + "valid"));
        provider.validate(desired(prefix + "valid", "eu-west-1", Map.of("Encryption", Map.of("Algorithm", "aws:kms", "KmsKeyId", " ")), Map.of()));
    }

    @Test
    void observeRejectsAnInvalidBucketNameAndReservedTags() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> provider.observe(desired("Has_Upper", REGION, Map.of(), Map.of())));
        assertTrue(name.getMessage().contains("invalid bucket name"), name.getMessage());
        IllegalArgumentException tag = assertThrows(IllegalArgumentException.class,
                () -> provider.observe(desired(prefix + "tagged", REGION, Map.of(), Map.of("aws:cloudformation:stack-name", "x"))));
        assertTrue(tag.getMessage().contains("the aws: prefix is reserved"), tag.getMessage());
    }

    private static PlannedAction action(String name, Map<String, String> parameters) {
        return new PlannedAction(1, name, parameters, "test");
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new TreeMap<>();
        m.put("bucketName", "orders");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove(kv[i]);
            } else {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private static final String[] FLAGS = {"blockPublicAcls", "true", "ignorePublicAcls", "true", "blockPublicPolicy", "true",
            "restrictPublicBuckets", "true"};

    private static String[] flagsWith(String... kv) {
        String[] all = new String[FLAGS.length + kv.length];
        System.arraycopy(FLAGS, 0, all, 0, FLAGS.length);
        System.arraycopy(kv, 0, all, FLAGS.length, kv.length);
        return all;
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("unknown action name", action(S3BucketActions.TYPE + "/DeleteBucket", params()), "is not in the catalogue"),
                Arguments.of("a bucket policy action", action(S3BucketActions.TYPE + "/PutBucketPolicy", params("policy", "{}")),
                        "is not in the catalogue"),
                Arguments.of("another type's action", action("aws.sqs.queue/CreateQueue", params()), "is not in the catalogue"),
                Arguments.of("missing bucket name", action(S3BucketActions.CREATE_BUCKET, params("bucketName", null)),
                        "invalid or missing bucketName 'null'"),
                Arguments.of("uppercase bucket name", action(S3BucketActions.CREATE_BUCKET, params("bucketName", "Orders")),
                        "only lowercase letters"),
                Arguments.of("bucket name too short", action(S3BucketActions.CREATE_BUCKET, params("bucketName", "ab")), "3 to 63 characters"),
                Arguments.of("bucket name too long", action(S3BucketActions.CREATE_BUCKET, params("bucketName", "b".repeat(64))),
                        "3 to 63 characters"),
                Arguments.of("bucket name with a path", action(S3BucketActions.CREATE_BUCKET, params("bucketName", "../orders")),
                        "only lowercase letters"),
                Arguments.of("bucket name ending in a hyphen", action(S3BucketActions.CREATE_BUCKET, params("bucketName", "orders-")),
                        "beginning and ending with a letter or digit"),
                Arguments.of("adjacent periods", action(S3BucketActions.CREATE_BUCKET, params("bucketName", "my..bucket")), "must not contain '..'"),
                Arguments.of("bucket name as an IP address", action(S3BucketActions.CREATE_BUCKET, params("bucketName", "192.168.5.4")),
                        "must not be formatted as an IP address"),
                Arguments.of("reserved prefix", action(S3BucketActions.CREATE_BUCKET, params("bucketName", "xn--orders")),
                        "reserved prefix 'xn--'"),
                Arguments.of("reserved suffix", action(S3BucketActions.CREATE_BUCKET, params("bucketName", "orders-s3alias")),
                        "reserved suffix '-s3alias'"),
                Arguments.of("invalid region", action(S3BucketActions.CREATE_BUCKET, params("region", "mars")), "invalid region 'mars'"),
                Arguments.of("free-form parameter on create", action(S3BucketActions.CREATE_BUCKET, params("acl", "public-read")),
                        "parameter 'acl' is not allowed"),
                Arguments.of("tag on create", action(S3BucketActions.CREATE_BUCKET, params("tag.team", "x")), "parameter 'tag.team' is not allowed"),
                Arguments.of("versioning status outside the enum", action(S3BucketActions.PUT_BUCKET_VERSIONING, params("status", "Disabled")),
                        "status must be one of [Enabled, Suspended]"),
                Arguments.of("versioning without status", action(S3BucketActions.PUT_BUCKET_VERSIONING, params()), "status must be one of"),
                Arguments.of("MFA delete smuggled in", action(S3BucketActions.PUT_BUCKET_VERSIONING, params("status", "Enabled", "mfaDelete", "Enabled")),
                        "parameter 'mfaDelete' is not allowed"),
                Arguments.of("unknown encryption algorithm", action(S3BucketActions.PUT_BUCKET_ENCRYPTION, params("algorithm", "aws:kms:dsse")),
                        "algorithm must be one of [AES256, aws:kms]"),
                Arguments.of("KMS key with AES256", action(S3BucketActions.PUT_BUCKET_ENCRYPTION,
                        params("algorithm", "AES256", "kmsKeyId", "alias/x")), "a KMS key applies only to aws:kms"),
                Arguments.of("malformed KMS key", action(S3BucketActions.PUT_BUCKET_ENCRYPTION,
                        params("algorithm", "aws:kms", "kmsKeyId", "arn:aws:kms:us-east-1:12:key/x")), "invalid KMS key"),
                Arguments.of("a flag missing from the public access block", action(S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK,
                        params("blockPublicAcls", "true")), "parameter ignorePublicAcls must be true or false, was 'null'"),
                Arguments.of("a flag that is not a boolean", action(S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK,
                        params(flagsWith("restrictPublicBuckets", "yes"))), "parameter restrictPublicBuckets must be true or false, was 'yes'"),
                Arguments.of("a capitalised flag value", action(S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK,
                        params(flagsWith("blockPublicAcls", "TRUE"))), "parameter blockPublicAcls must be true or false"),
                Arguments.of("reserved tag key", action(S3BucketActions.PUT_BUCKET_TAGGING, params("tag.aws:createdBy", "x")),
                        "parameter 'tag.aws:createdBy' is not allowed: the aws: prefix is reserved"),
                Arguments.of("tag value over 256 characters", action(S3BucketActions.PUT_BUCKET_TAGGING, params("tag.a", "v".repeat(257))),
                        "tag values are 0 to 256 characters"),
                Arguments.of("tag with forbidden characters", action(S3BucketActions.PUT_BUCKET_TAGGING, params("tag.a", "<script>")),
                        "tags hold letters, digits"),
                Arguments.of("untag parameter", action(S3BucketActions.PUT_BUCKET_TAGGING, params("untag.team", "")),
                        "parameter 'untag.team' is not allowed"),
                Arguments.of("oversized parameter value", action(S3BucketActions.PUT_BUCKET_ENCRYPTION,
                        params("algorithm", "aws:kms", "kmsKeyId", "k".repeat(2049))), "parameter kmsKeyId is too long"));
    }

    @ParameterizedTest(name = "bind rejects {0}")
    @MethodSource("rejected")
    void bindRejectsAnythingOutsideTheCatalogue(String name, PlannedAction action, String messageContains) {
        InvalidActionException e = assertThrows(InvalidActionException.class, () -> provider.bind(action));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
    }

    @Test
    void bindRejectsMoreThanFiftyTags() {
        Map<String, String> p = params();
        for (int i = 0; i < 51; i++) {
            p.put("tag.k" + i, "v");
        }
        InvalidActionException e = assertThrows(InvalidActionException.class, () -> provider.bind(action(S3BucketActions.PUT_BUCKET_TAGGING, p)));
        assertTrue(e.getMessage().contains("51 tags; a bucket holds at most 50"), e.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("create, default region", action(S3BucketActions.CREATE_BUCKET, params()),
                        new S3BucketActions.CreateBucket(REGION, "orders")),
                Arguments.of("dotted name, explicit region", action(S3BucketActions.CREATE_BUCKET,
                        params("bucketName", "logs.example.com", "region", "ap-southeast-2")),
                        new S3BucketActions.CreateBucket("ap-southeast-2", "logs.example.com")),
                Arguments.of("aws:kms with the AWS-managed key", action(S3BucketActions.PUT_BUCKET_ENCRYPTION, params("algorithm", "aws:kms")),
                        new S3BucketActions.PutBucketEncryption(REGION, "orders", "aws:kms", null)),
                Arguments.of("aws:kms with a key ARN", action(S3BucketActions.PUT_BUCKET_ENCRYPTION, params("algorithm", "aws:kms",
                        "kmsKeyId", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                        new S3BucketActions.PutBucketEncryption(REGION, "orders", "aws:kms",
                                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                Arguments.of("mixed public access flags", action(S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK,
                        params(flagsWith("ignorePublicAcls", "false", "restrictPublicBuckets", "false"))),
                        new S3BucketActions.PutPublicAccessBlock(REGION, "orders", true, false, true, false)),
                Arguments.of("suspend versioning", action(S3BucketActions.PUT_BUCKET_VERSIONING, params("status", "Suspended")),
                        new S3BucketActions.PutBucketVersioning(REGION, "orders", "Suspended")),
                Arguments.of("a tag set with spaces and an empty value", action(S3BucketActions.PUT_BUCKET_TAGGING,
                        params("tag.cost centre", "R+D", "tag.empty", "")),
                        new S3BucketActions.PutBucketTagging(REGION, "orders", Map.of("cost centre", "R+D", "empty", ""))),
                Arguments.of("an empty tag set", action(S3BucketActions.PUT_BUCKET_TAGGING, params()),
                        new S3BucketActions.PutBucketTagging(REGION, "orders", Map.of())));
    }

    @ParameterizedTest(name = "bind accepts {0}")
    @MethodSource("accepted")
    void bindBuildsTheTypedAction(String name, PlannedAction action, TypedAction expected) {
        assertEquals(expected, provider.bind(action));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void cloudTrailEventsNameTheBucket() {
        var ct = S3BucketProvider.CLOUDTRAIL;
        assertEquals(Optional.of("critical-data-bucket"), ct.resourceName("s3.amazonaws.com", "PutBucketVersioning", json(
                "{\"bucketName\":\"critical-data-bucket\",\"host\":\"sample-bucket-lucid-kowalevski.s3.amazonaws.com\","
                        + "\"VersioningConfiguration\":{\"Status\":\"Enabled\",\"MfaDelete\":\"Disabled\"}}")));
        assertEquals(Optional.of("custodian-create-bucket-v4"), ct.resourceName("s3.amazonaws.com", "CreateBucket", json(
                "{\"CreateBucketConfiguration\":{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\",\"LocationConstraint\":\"us-west-2\"},"
                        + "\"bucketName\":\"custodian-create-bucket-v4\"}")));
        assertEquals(Optional.of("corporate-documents"), ct.resourceName("s3.amazonaws.com", "DeleteBucketPublicAccessBlock", json(
                "{\"bucketName\":\"corporate-documents\",\"host\":\"sample-bucket-sweet-kepler.s3.amazonaws.com\",\"publicAccessBlock\":\"\"}")));
        assertEquals(Optional.of("test"), ct.resourceName("s3.amazonaws.com", "PutBucketPublicAccessBlock", json(
                "{\"publicAccessBlock\":[\"\"],\"PublicAccessBlockConfiguration\":{\"RestrictPublicBuckets\":true,\"BlockPublicPolicy\":true,"
                        + "\"BlockPublicAcls\":true,\"IgnorePublicAcls\":true},\"bucketName\":\"test\",\"host\":[\"s3.amazonaws.com\"]}")));
        assertEquals(Optional.of("sensitive-data-bucket"), ct.resourceName("s3.amazonaws.com", "DeleteBucketEncryption", json(
                "{\"bucketName\":\"sensitive-data-bucket\",\"host\":\"sample-bucket-pensive-jones.s3.amazonaws.com\",\"encryption\":\"\"}")));
        assertEquals(Optional.of("tagged"), ct.resourceName("s3.amazonaws.com", "PutBucketTagging", json(
                "{\"bucketName\":\"tagged\",\"tagging\":\"\",\"Tagging\":{\"TagSet\":{\"Tag\":{\"Key\":\"team\",\"Value\":\"x\"}}}}")));
        assertEquals(Optional.of("tagged"), ct.resourceName("s3.amazonaws.com", "DeleteBucketTagging", json("{\"bucketName\":\"tagged\",\"tagging\":\"\"}")));
        assertEquals(Optional.of("secrets"), ct.resourceName("s3.amazonaws.com", "DeleteBucket",
                json("{\"host\":[\"s3-us-east-2.amazonaws.com\"],\"bucketName\":\"secrets\"}")));

        assertEquals(Optional.empty(), ct.resourceName("s3.amazonaws.com", "GetObject", json("{\"bucketName\":\"b\",\"key\":\"k\"}")),
                "reads are not ours");
        assertEquals(Optional.empty(), ct.resourceName("s3.amazonaws.com", "PutObject", json("{\"bucketName\":\"b\",\"key\":\"k\"}")),
                "object writes do not change the bucket's managed state");
        assertEquals(Optional.empty(), ct.resourceName("s3.amazonaws.com", "PutBucketPolicy", json("{\"bucketName\":\"b\"}")),
                "bucket policy is not managed by this type");
        assertEquals(Optional.empty(), ct.resourceName("sqs.amazonaws.com", "CreateBucket", json("{\"bucketName\":\"b\"}")));
        assertEquals(Optional.empty(), ct.resourceName("s3.amazonaws.com", "PutBucketVersioning", null));
        assertEquals(Optional.empty(), ct.resourceName("s3.amazonaws.com", "PutBucketVersioning", json("{\"host\":[\"s3.amazonaws.com\"]}")));
        assertEquals(Optional.empty(), ct.resourceName("s3.amazonaws.com", "PutBucketVersioning", json("{\"bucketName\":{\"nested\":\"x\"}}")));
        assertEquals(Optional.empty(), ct.resourceName("s3.amazonaws.com", "PutBucketVersioning", json("\"bucketName\"")));
    }

    @Test
    void bucketRegionReadsLegacyLocationConstraints() {
        assertEquals("us-east-1", S3BucketProvider.bucketRegion(null));
        assertEquals("us-east-1", S3BucketProvider.bucketRegion(""));
        assertEquals("eu-west-1", S3BucketProvider.bucketRegion("EU"));
        assertEquals("ap-south-1", S3BucketProvider.bucketRegion("ap-south-1"));
    }

    @Test
    void typeInfoDeclaresTheCatalogueAndEveryPermission() {
        assertEquals(S3BucketActions.TYPE, provider.typeInfo().type());
        assertEquals("s3", provider.typeInfo().service());
        assertEquals(List.of(S3BucketActions.CREATE_BUCKET, S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK, S3BucketActions.PUT_BUCKET_ENCRYPTION,
                S3BucketActions.PUT_BUCKET_VERSIONING, S3BucketActions.PUT_BUCKET_TAGGING), provider.typeInfo().actions());
        assertTrue(provider.typeInfo().permissions().containsAll(List.of("s3:GetBucketLocation", "s3:GetEncryptionConfiguration",
                "s3:PutEncryptionConfiguration", "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging")));
        assertEquals(Optional.of(S3BucketProvider.CLOUDTRAIL), provider.cloudTrail());
        assertNull(S3BucketProvider.bucketNameProblem("logs.example.com"));
    }
}
