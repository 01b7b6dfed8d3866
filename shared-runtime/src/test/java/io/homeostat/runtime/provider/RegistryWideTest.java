package io.homeostat.runtime.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every provider must declare, checked for all of them at once (after Cloud Custodian's registry-wide schema and
 * permission tests): a type in the aws.&lt;service&gt;.&lt;kind&gt; form, IAM permissions of its own service, a non-empty
 * catalogue of actions of its own type, and a CloudTrail mapping for its own service's events.
 */
class RegistryWideTest {

    private static final CloudClients CLIENTS = new CloudClients(Optional.of("http://127.0.0.1:1"), Optional.of("k"), Optional.of("s"));

    /** The same list the IAM policy generator derives the committed policies from: one list, not two. */
    static final List<ResourceProvider> ALL = io.homeostat.runtime.bootstrap.IamPolicyGenerator.defaultProviders();

    /** API calls whose IAM permission has another name (AWS Service Authorization Reference). */
    private static final java.util.Map<String, String> IAM_NAME = java.util.Map.of(
            "s3:PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock",
            "s3:PutBucketEncryption", "s3:PutEncryptionConfiguration",
            "s3:DeleteBucketTagging", "s3:PutBucketTagging");

    @AfterAll
    static void close() {
        CLIENTS.close();
    }

    static Stream<ResourceProvider> providers() {
        return ALL.stream();
    }

    @Test
    void everyTypeIsServedOnceAndTheRegistryKnowsThemAll() {
        ProviderRegistry registry = new ProviderRegistry(ALL);
        assertEquals(Set.of("aws.sqs.queue", "aws.dynamodb.table", "aws.s3.bucket", "aws.sns.topic", "aws.ec2.security-group",
                "aws.ssm.parameter"), registry.types());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void declaresTypePermissionsActionsAndCloudTrailOfItsOwnService(ResourceProvider p) {
        TypeInfo info = p.typeInfo();
        String type = info.type();
        assertTrue(type.matches("aws\\.[a-z0-9]+\\.[a-z0-9-]+"), type);
        String service = type.split("\\.")[1];
        assertEquals(service, info.service(), type + ": service");

        assertFalse(info.permissions().isEmpty(), type + ": declares no IAM permissions");
        // Other services' permissions are allowed where an API needs them (kms:Decrypt for SecureString parameters).
        info.permissions().forEach(perm -> assertTrue(perm.matches("[a-z0-9-]+:[A-Z][A-Za-z]+"), type + ": permission " + perm));
        assertTrue(info.permissions().stream().anyMatch(perm -> perm.startsWith(service + ":")), type + ": none of its own service");
        assertEquals(info.permissions().size(), Set.copyOf(info.permissions()).size(), type + ": duplicate permissions");

        assertFalse(info.actions().isEmpty(), type + ": empty action catalogue");
        info.actions().forEach(a -> assertTrue(a.matches(java.util.regex.Pattern.quote(type) + "/[A-Z][A-Za-z]+"), type + ": action " + a));
        // Healing never deletes the resource itself: a table or bucket holds data, a queue holds messages.
        for (String forbidden : List.of("DeleteQueue", "DeleteTable", "DeleteBucket", "DeleteTopic", "DeleteSecurityGroup",
                "DeleteParameter", "DeleteParameters")) {
            assertFalse(info.actions().contains(type + "/" + forbidden), type + ": " + forbidden + " in the catalogue");
        }

        CloudTrailMapping ct = p.cloudTrail().orElseThrow(() -> new AssertionError(type + ": no CloudTrail mapping"));
        assertEquals(service + ".amazonaws.com", ct.eventSource(), type + ": CloudTrail event source");
        assertFalse(ct.writeEvents().isEmpty(), type + ": watches no write events");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void everyCatalogueActionIsBackedByADeclaredPermission(ResourceProvider p) {
        TypeInfo info = p.typeInfo();
        String service = info.service();
        for (String action : info.actions()) {
            String verb = action.substring(action.indexOf('/') + 1);
            String permission = IAM_NAME.getOrDefault(service + ":" + verb, service + ":" + verb);
            assertTrue(info.permissions().contains(permission),
                    info.type() + ": action " + verb + " has no permission " + permission + " in " + info.permissions());
        }
    }
}
