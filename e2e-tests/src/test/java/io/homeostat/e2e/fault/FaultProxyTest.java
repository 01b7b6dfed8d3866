package io.homeostat.e2e.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    private HttpServer upstream;
    private final java.util.concurrent.atomic.AtomicInteger upstreamCalls = new java.util.concurrent.atomic.AtomicInteger();
    private FaultProxy proxy;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            upstreamCalls.incrementAndGet();
            byte[] echo = ("upstream saw " + exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-upstream", "yes");
            exchange.sendResponseHeaders(200, echo.length);
            exchange.getResponseBody().write(echo);
            exchange.close();
        });
        upstream.start();
        proxy = FaultProxy.start("http://127.0.0.1:" + upstream.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    @Test
    void forwardsAndRecordsCallsByAwsAction() throws Exception {
        HttpResponse<String> json = post("AmazonSQS.SetQueueAttributes", "{\"QueueUrl\":\"q\"}");
        HttpResponse<String> query = post(null, "Action=AuthorizeSecurityGroupIngress&GroupId=sg-1");

        assertEquals(200, json.statusCode());
        assertEquals("upstream saw AmazonSQS.SetQueueAttributes {\"QueueUrl\":\"q\"}", json.body());
        assertEquals("yes", json.headers().firstValue("x-upstream").orElse(null));
        assertEquals(200, query.statusCode());
        assertEquals(1, proxy.count(FaultProxy.action("SetQueueAttributes")));
        assertEquals(1, proxy.count(FaultProxy.action("AuthorizeSecurityGroupIngress")));
        assertFalse(proxy.calls().get(0).faulted());
    }

    @Test
    void injectedFaultsAnswerInsteadOfTheUpstreamForAsManyCallsAsAsked() throws Exception {
        proxy.inject(FaultProxy.action("SetQueueAttributes"), FaultProxy.Fault.throttling(), 2);

        HttpResponse<String> first = post("AmazonSQS.SetQueueAttributes", "{}");
        HttpResponse<String> other = post("AmazonSQS.GetQueueAttributes", "{}");
        HttpResponse<String> second = post("AmazonSQS.SetQueueAttributes", "{}");
        HttpResponse<String> third = post("AmazonSQS.SetQueueAttributes", "{}");

        assertEquals(400, first.statusCode());
        assertTrue(first.body().contains("ThrottlingException"));
        assertEquals(200, other.statusCode());
        assertEquals(400, second.statusCode());
        assertEquals(200, third.statusCode(), "the fault was for two calls only");
        assertEquals(2, proxy.count(FaultProxy.Call::faulted));
    }

    @Test
    void anUnlimitedFaultLastsUntilHealed() throws Exception {
        proxy.inject(call -> true, FaultProxy.Fault.serviceUnavailable(), -1);
        assertEquals(503, post("AmazonSQS.ListQueues", "{}").statusCode());
        assertEquals(503, post("AmazonSQS.ListQueues", "{}").statusCode());

        proxy.heal();

        assertEquals(200, post("AmazonSQS.ListQueues", "{}").statusCode());
    }

    @Test
    void duplicatedCallsReachTheUpstreamAsOftenAsAskedAndAnswerOnce() throws Exception {
        proxy.duplicate(FaultProxy.action("SendMessage"), () -> 3);

        HttpResponse<String> sent = post("AmazonSQS.SendMessage", "{\"MessageBody\":\"m\"}");
        HttpResponse<String> other = post("AmazonSQS.ReceiveMessage", "{}");

        assertEquals(200, sent.statusCode());
        assertEquals(200, other.statusCode());
        assertEquals(4, upstreamCalls.get(), "three copies of the send, one receive");
        assertEquals(2, proxy.duplicatesSent());
        proxy.heal();
        post("AmazonSQS.SendMessage", "{}");
        assertEquals(5, upstreamCalls.get(), "healed: forwarded once");
    }

    @Test
    void anUnreachableEndpointDropsTheConnectionWithoutAnAnswer() throws Exception {
        proxy.inject(call -> true, FaultProxy.Fault.unreachable(), 1);

        assertThrows(java.io.IOException.class, () -> post("AmazonSQS.ListQueues", "{}"));
        assertEquals(0, upstreamCalls.get());
        assertEquals(200, post("AmazonSQS.ListQueues", "{}").statusCode(), "only one call was dropped");
    }

    private HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
