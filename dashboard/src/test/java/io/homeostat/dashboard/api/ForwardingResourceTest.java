package io.homeostat.dashboard.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.homeostat.dashboard.api.FakeOperatorApi.Seen;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's API against stand-in services: what goes out (route, query, token, body) and what comes back. */
@QuarkusTest
@QuarkusTestResource(FakeOperatorApi.class)
class ForwardingResourceTest {

    private static final String BEARER = "Bearer " + FakeOperatorApi.TOKEN;

    @BeforeEach
    void forget() {
        FakeOperatorApi.SEEN.clear();
    }

    @Test
    void theUsersTokenIsForwardedAndTheAnswerPassedOn() {
        given().header("Authorization", BEARER).get("/api/status")
                .then().statusCode(200).body("served", equalTo("/detector/api/status"));
        Seen seen = only();
        assertEquals("GET", seen.method());
        assertEquals(BEARER, seen.authorization(), "the services authorise: the user's own token goes through");
    }

    @Test
    void queryStringsReachTheServiceAsSent() {
        given().urlEncodingEnabled(false).header("Authorization", BEARER).get("/api/incidents?limit=5&resource=aws.sqs.queue%2Forders")
                .then().statusCode(200);
        assertEquals("/detector/api/incidents?limit=5&resource=aws.sqs.queue%2Forders", only().pathAndQuery());
    }

    @Test
    void aRefusedTokenIsA401FromTheServicePassedThrough() {
        given().header("Authorization", "Bearer wrong").get("/api/plans")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("error", equalTo("unknown token"));
        assertEquals("Bearer wrong", only().authorization());
    }

    @Test
    void withoutATokenNothingIsAddedAndTheServiceRefuses() {
        given().get("/api/dlq").then().statusCode(401);
        assertNull(only().authorization(), "the dashboard holds no token of its own");
    }

    @Test
    void aDecisionGoesToThePlannerWithItsReason() {
        given().header("Authorization", BEARER).contentType("application/json").body("{\"reason\":\"checked\"}")
                .post("/api/plans/p-1/approve").then().statusCode(200);
        Seen seen = only();
        assertEquals("POST", seen.method());
        assertEquals("/planner/api/plans/p-1/approve", seen.pathAndQuery());
        assertEquals("{\"reason\":\"checked\"}", seen.body());
    }

    @Test
    void aRejectionGoesToThePlannerToo() {
        given().header("Authorization", BEARER).contentType("application/json").body("{\"reason\":\"not now\"}")
                .post("/api/plans/p-2/reject").then().statusCode(200);
        assertEquals("/planner/api/plans/p-2/reject", only().pathAndQuery());
    }

    @Test
    void aServiceErrorLikeAConflictIsPassedOnUnchanged() {
        given().header("Authorization", BEARER).post("/api/plans/conflict/approve")
                .then().statusCode(409).body("error", equalTo("already approved by e2e"));
        assertEquals("{}", only().body(), "an empty decision is sent as an empty JSON object");
    }

    @Test
    void anIdCannotStepOutOfItsPathSegment() {
        // "a b?c" as the page's encodeURIComponent sends it: decoded by the dashboard, encoded again as one segment.
        given().urlEncodingEnabled(false).header("Authorization", BEARER).get("/api/incidents/a%20b%3Fc%2F..%2Fdlq")
                .then().statusCode(200);
        assertEquals("/detector/api/incidents/a%20b%3Fc%2F..%2Fdlq", only().pathAndQuery());
    }

    @Test
    void dlqDepthsAreTheDetectorsToo() {
        given().header("Authorization", BEARER).get("/api/dlq/depths").then().statusCode(200);
        assertEquals("/detector/api/dlq/depths", only().pathAndQuery());
    }

    @Test
    void aReplayIsForwardedToTheDetector() {
        given().header("Authorization", BEARER).contentType("application/json").body("{\"queue\":\"analyzer\"}")
                .post("/api/dlq/replay").then().statusCode(200);
        Seen seen = only();
        assertEquals("/detector/api/dlq/replay", seen.pathAndQuery());
        assertEquals("{\"queue\":\"analyzer\"}", seen.body());
    }

    @Test
    void routesTheServicesHaveButThePageDoesNotNeedAreNotRelayed() {
        given().header("Authorization", BEARER).delete("/api/flags/resource/orders").then().statusCode(404);
        given().header("Authorization", BEARER).post("/api/rollback").then().statusCode(404);
        given().header("Authorization", BEARER).post("/api/plans/p-1/adopt").then().statusCode(anyOf(equalTo(404), equalTo(405)));
        given().header("Authorization", BEARER).get("/api/unmanaged").then().statusCode(anyOf(equalTo(404), equalTo(405)));
        assertEquals(0, FakeOperatorApi.SEEN.size());
    }

    @Test
    void thePageIsServedWithoutAToken() {
        given().get("/").then().statusCode(200).body(containsString("id=\"signin-form\""))
                .header("Content-Security-Policy", containsString("script-src 'self'"));
        given().get("/dashboard.js").then().statusCode(200).body(containsString("textContent"));
    }

    private static Seen only() {
        assertEquals(1, FakeOperatorApi.SEEN.size(), "exactly one call forwarded: " + FakeOperatorApi.SEEN);
        return FakeOperatorApi.SEEN.peekFirst();
    }
}
