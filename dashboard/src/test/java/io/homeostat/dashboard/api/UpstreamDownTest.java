package io.homeostat.dashboard.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Services that are not there: a clear JSON error naming which one, never a hang or an empty page. */
@QuarkusTest
@TestProfile(UpstreamDownTest.NothingListening.class)
class UpstreamDownTest {

    /** Both services on a port nobody listens on (taken from the OS, then let go). */
    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("homeostat.dashboard.detector-url", "http://127.0.0.1:" + port,
                    "homeostat.dashboard.planner-url", "http://127.0.0.1:" + port);
        }
    }

    @Test
    void aDetectorThatIsDownIsA502NamingIt() {
        given().header("Authorization", "Bearer any").get("/api/status")
                .then().statusCode(502).contentType("application/json")
                .body("upstream", equalTo("detector"))
                .body("error", containsString("detector unreachable at http://127.0.0.1:"));
    }

    @Test
    void aPlannerThatIsDownIsA502NamingIt() {
        given().header("Authorization", "Bearer any").post("/api/plans/p-1/approve")
                .then().statusCode(502).body("upstream", equalTo("planner"));
    }
}
