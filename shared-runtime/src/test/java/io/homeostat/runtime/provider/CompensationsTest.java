package io.homeostat.runtime.provider;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider;
import io.homeostat.runtime.provider.ec2.SecurityGroupProvider;
import io.homeostat.runtime.provider.s3.S3BucketProvider;
import io.homeostat.runtime.provider.sns.SnsTopicProvider;
import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import io.homeostat.runtime.provider.ssm.SsmParameterProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every provider's compensations, decided from the observation the plan was made from (no cloud call): what undoes a
 * step, and which steps are never undone because undo would delete, weaken or leak something. Each compensation must
 * also bind, so the verifier can run it.
 */
class CompensationsTest {

    /** Never called: compensation is decided from the observation alone. */
    private static final CloudClients NOWHERE = new CloudClients(Optional.of("http://127.0.0.1:9"), Optional.of("k"), Optional.of("s"));
    private static final String R = "us-east-1";

    @AfterAll
    static void close() {
        NOWHERE.close();
    }

    private static Observation before(String... kv) {
        Map<String, String> actual = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            actual.put(kv[i], kv[i + 1]);
        }
        return new Observation(true, List.of(new FieldDiff("x", "1", "2")), actual);
    }

    private static PlannedAction step(String action, String... kv) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return new PlannedAction(2, action, p, "repair");
    }

    private static DesiredResource desired(String type) {
        return new DesiredResource("x", "p", type, "x", "123456789012", R, Map.of(), Map.of(), DriftMode.AUTO_HEAL);
    }

    static Stream<Arguments> compensations() {
        ResourceProvider sqs = new SqsQueueProvider(NOWHERE, R);
        ResourceProvider sns = new SnsTopicProvider(NOWHERE, R);
        ResourceProvider ssm = new SsmParameterProvider(NOWHERE, R);
        ResourceProvider ddb = new DynamoDbTableProvider(NOWHERE, R);
        ResourceProvider s3 = new S3BucketProvider(NOWHERE, R);
        ResourceProvider sg = new SecurityGroupProvider(NOWHERE, R);
        String q = "aws.sqs.queue/";
        String t = "aws.sns.topic/";
        String g = "aws.ec2.security-group/";
        return Stream.of(
                // reason, provider, step, observation before, expected compensation (null = not undone)
                arguments("SQS attributes go back to their observed values", sqs,
                        step(q + "SetQueueAttributes", "queueName", "orders", "region", R, "attribute.VisibilityTimeout", "30"),
                        before("attributes.VisibilityTimeout", "99"),
                        step(q + "SetQueueAttributes", "queueName", "orders", "region", R, "attribute.VisibilityTimeout", "99")),
                arguments("SQS: an attribute never observed cannot be set back", sqs,
                        step(q + "SetQueueAttributes", "queueName", "orders", "attribute.Policy", "{}"), before(), null),
                arguments("SQS: changed tags get their old values", sqs,
                        step(q + "TagQueue", "queueName", "orders", "tag.team", "payments"), before("tags.team", "ops"),
                        step(q + "TagQueue", "queueName", "orders", "tag.team", "ops")),
                arguments("SQS: added tags are removed again", sqs,
                        step(q + "TagQueue", "queueName", "orders", "tag.team", "payments"), before(),
                        step(q + "UntagQueue", "queueName", "orders", "untag.team", "")),
                arguments("SQS: removed tags come back", sqs,
                        step(q + "UntagQueue", "queueName", "orders", "untag.owner", ""), before("tags.owner", "mallory"),
                        step(q + "TagQueue", "queueName", "orders", "tag.owner", "mallory")),
                arguments("SQS: some tags new, some changed: two actions needed, so none", sqs,
                        step(q + "TagQueue", "queueName", "orders", "tag.team", "payments", "tag.env", "prod"), before("tags.team", "ops"),
                        null),
                arguments("SQS: a re-created queue is never deleted", sqs,
                        step(q + "CreateQueue", "queueName", "orders"), Observation.missing(), null),
                arguments("SNS attribute goes back", sns,
                        step(t + "SetTopicAttributes", "topicName", "alerts", "attribute.DisplayName", "Alerts"),
                        before("attributes.DisplayName", "hacked"),
                        step(t + "SetTopicAttributes", "topicName", "alerts", "attribute.DisplayName", "hacked")),
                arguments("SNS tags", sns, step(t + "UntagResource", "topicName", "alerts", "untag.x", ""), before("tags.x", "1"),
                        step(t + "TagResource", "topicName", "alerts", "tag.x", "1")),
                arguments("SSM tags", ssm, step("aws.ssm.parameter/AddTagsToResource", "name", "/app/url", "tag.team", "web"), before(),
                        step("aws.ssm.parameter/RemoveTagsFromResource", "name", "/app/url", "untag.team", "")),
                arguments("SSM: a value is never put back (it may be a secret)", ssm,
                        step("aws.ssm.parameter/PutParameter", "name", "/app/url", "type", "String", "value", "a"),
                        before("properties.Value", "b"), null),
                arguments("DynamoDB tags", ddb, step("aws.dynamodb.table/TagResource", "tableName", "orders", "tag.team", "data"),
                        before("tags.team", "ops"), step("aws.dynamodb.table/TagResource", "tableName", "orders", "tag.team", "ops")),
                arguments("DynamoDB: table updates are not undone", ddb,
                        step("aws.dynamodb.table/UpdateTable", "tableName", "orders", "billingMode", "PAY_PER_REQUEST"), before(), null),
                arguments("S3: the whole observed tag set comes back", s3,
                        step("aws.s3.bucket/PutBucketTagging", "bucketName", "logs", "tag.team", "data"), before("tags.team", "x", "tags.y", "z"),
                        step("aws.s3.bucket/PutBucketTagging", "bucketName", "logs", "tag.team", "x", "tag.y", "z")),
                arguments("S3: access blocks are never weakened again", s3,
                        step("aws.s3.bucket/PutPublicAccessBlock", "bucketName", "logs", "blockPublicAcls", "true"), before(), null),
                arguments("SG: a revoked rule is authorized again (the policy guard judges it)", sg,
                        step(g + "RevokeSecurityGroupIngress", "groupName", "web", "rule.1", "tcp:22:22:0.0.0.0/0"), before(),
                        step(g + "AuthorizeSecurityGroupIngress", "groupName", "web", "rule.1", "tcp:22:22:0.0.0.0/0")),
                arguments("SG: an authorized egress rule is revoked again, descriptions aside", sg,
                        step(g + "AuthorizeSecurityGroupEgress", "groupName", "web", "rule.1", "tcp:443:443:0.0.0.0/0",
                                "ruleDescription.1", "https out"), before(),
                        step(g + "RevokeSecurityGroupEgress", "groupName", "web", "rule.1", "tcp:443:443:0.0.0.0/0")),
                arguments("SG tags", sg, step(g + "DeleteTags", "groupName", "web", "untag.k", ""), before("tags.k", "v"),
                        step(g + "CreateTags", "groupName", "web", "tag.k", "v")),
                arguments("SG: description updates are not undone", sg,
                        step(g + "UpdateSecurityGroupRuleDescriptionsIngress", "groupName", "web", "rule.1", "tcp:80:80:0.0.0.0/0"),
                        before(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void compensations(String reason, ResourceProvider provider, PlannedAction step, Observation before, PlannedAction expected) {
        PlannedAction undo = provider.compensation(desired(provider.typeInfo().type()), before, step);
        if (expected == null) {
            assertNull(undo, reason);
            return;
        }
        assertAll(reason,
                () -> assertEquals(expected.action(), undo.action(), "action"),
                () -> assertEquals(expected.parameters(), undo.parameters(), "parameters"),
                () -> assertEquals(step.step(), undo.step(), "undone in the step's place"),
                () -> assertEquals(undo.action(), provider.bind(undo).name(), "the compensation binds"));
    }
}
