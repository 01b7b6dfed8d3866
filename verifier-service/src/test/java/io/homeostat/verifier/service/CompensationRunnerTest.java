package io.homeostat.verifier.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.StepResult.Status;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.sqs.SqsQueueActions;
import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import io.homeostat.verifier.testing.Emulators;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Compensations run through the SQS provider's real typed actions against moto, in order, stopping at the first failure. */
class CompensationRunnerTest {

    private static SqsClient sqs;
    private static CompensationRunner runner;

    @BeforeAll
    static void start() {
        CloudClients clients = Emulators.get().cloud;
        sqs = clients.sqs("us-east-1");
        runner = new CompensationRunner(new ProviderRegistry(List.of(new SqsQueueProvider(clients, "us-east-1"))), 3, 1);
    }

    private static String queue(Map<String, String> attributes, Map<String, String> tags) {
        String name = "comp-" + UUID.randomUUID().toString().substring(0, 8);
        sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes).tags(tags));
        return name;
    }

    private static String attribute(String queue, String name) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(name)).attributesAsStrings().get(name);
    }

    private static Map<String, String> tags(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return sqs.listQueueTags(b -> b.queueUrl(url)).tags();
    }

    @Test
    void compensationsPutTheQueueBackToItsBeforeImageInOrder() {
        // After the "repair": VisibilityTimeout 30 and tag team=payments; before it: 99 and no team tag.
        String q = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT.toString(), "30"), Map.of("team", "payments"));
        List<PlannedAction> undo = List.of(
                new PlannedAction(2, SqsQueueActions.UNTAG_QUEUE, Map.of("queueName", q, "untag.team", ""), "remove team again"),
                new PlannedAction(1, SqsQueueActions.SET_QUEUE_ATTRIBUTES, Map.of("queueName", q, "attribute.VisibilityTimeout", "99"),
                        "put VisibilityTimeout back"));

        List<StepResult> ledger = runner.run(undo, null);

        assertEquals(List.of(2, 1), ledger.stream().map(StepResult::step).toList());
        assertTrue(ledger.stream().allMatch(s -> s.status() == Status.SUCCEEDED), ledger.toString());
        assertEquals("99", attribute(q, "VisibilityTimeout"));
        assertEquals(Map.of(), tags(q));
    }

    @Test
    void aCompensationThatDoesNotBindIsRefusedAndNothingAfterItRuns() {
        String q = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT.toString(), "30"), Map.of());
        List<PlannedAction> undo = List.of(
                new PlannedAction(2, SqsQueueActions.SET_QUEUE_ATTRIBUTES, Map.of("queueName", q, "attribute.Policy; rm -rf", "x"), "bogus"),
                new PlannedAction(1, SqsQueueActions.SET_QUEUE_ATTRIBUTES, Map.of("queueName", q, "attribute.VisibilityTimeout", "99"), "ok"));

        List<StepResult> ledger = runner.run(undo, null);

        assertEquals(Status.FAILED, ledger.get(0).status());
        assertTrue(ledger.get(0).message().startsWith("refused: "), ledger.get(0).message());
        assertEquals(Status.SKIPPED, ledger.get(1).status());
        assertEquals("30", attribute(q, "VisibilityTimeout"), "the skipped compensation changed nothing");
    }

    @Test
    void aCloudFailureStopsTheSagaWithTheReason() {
        String gone = "comp-missing-" + UUID.randomUUID().toString().substring(0, 8);
        List<StepResult> ledger = runner.run(List.of(
                new PlannedAction(1, SqsQueueActions.SET_QUEUE_ATTRIBUTES, Map.of("queueName", gone, "attribute.VisibilityTimeout", "99"), "x")), null);
        assertEquals(Status.FAILED, ledger.get(0).status());
        assertTrue(ledger.get(0).message().contains(gone) || ledger.get(0).message().toLowerCase().contains("exist"), ledger.get(0).message());
    }
}
