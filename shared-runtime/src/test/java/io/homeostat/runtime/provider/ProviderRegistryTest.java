package io.homeostat.runtime.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Providers by type, and actions routed to the provider whose catalogue names them. */
class ProviderRegistryTest {

    private final CloudClients clients = new CloudClients(Optional.of("http://127.0.0.1:1"), Optional.of("k"), Optional.of("s"));
    private final SqsQueueProvider sqs = new SqsQueueProvider(clients, "us-east-1");
    private final ProviderRegistry registry = new ProviderRegistry(List.of(sqs));

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void findsProvidersByType() {
        assertSame(sqs, registry.get("aws.sqs.queue"));
        assertEquals(Set.of("aws.sqs.queue"), registry.types());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("aws.sqs.queues"));
        assertTrue(e.getMessage().contains("unknown resource type 'aws.sqs.queues'; valid types: [aws.sqs.queue]"), e.getMessage());
    }

    @Test
    void twoProvidersForOneTypeFailAtStartUp() {
        var second = new SqsQueueProvider(clients, "eu-west-1");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ProviderRegistry(List.of(sqs, second)));
        assertTrue(e.getMessage().contains("two providers for type aws.sqs.queue"), e.getMessage());
    }

    static Stream<Arguments> badActions() {
        return Stream.of(
                Arguments.of("no slash", "SetQueueAttributes", "is not of the form <type>/<Action>"),
                Arguments.of("leading slash", "/SetQueueAttributes", "is not of the form <type>/<Action>"),
                Arguments.of("null", null, "is not of the form <type>/<Action>"),
                Arguments.of("unknown type", "aws.ec2.instance/TerminateInstances", "names unknown type 'aws.ec2.instance'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badActions")
    void forActionRejectsWhatNoProviderServes(String name, String action, String messageContains) {
        InvalidActionException e = assertThrows(InvalidActionException.class, () -> registry.forAction(action));
        assertTrue(e.getMessage().contains(messageContains), e.getMessage());
    }

    @Test
    void forActionFindsTheProviderOfTheType() {
        assertSame(sqs, registry.forAction("aws.sqs.queue/SetQueueAttributes"));
    }
}
