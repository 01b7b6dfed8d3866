package io.homeostat.mcp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.mcp.config.McpSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the tools send is checked before any call: ids stay ids, and no token means a clear refusal. */
class OperatorApiTest {

    @Test
    void idsAreOnePlainPathSegment() {
        assertEquals("0b9c7c1e-22aa-4d1f-9a07-0c1f2d5e6f70", OperatorApi.segment(" 0b9c7c1e-22aa-4d1f-9a07-0c1f2d5e6f70 "));
        for (String bad : new String[] {"../flags/resource/orders", "..", "a/b", "a?limit=1", "", " ", null}) {
            assertThrows(ApiCallException.class, () -> OperatorApi.segment(bad), String.valueOf(bad));
        }
    }

    @Test
    void withoutATokenNothingIsCalledAndTheAnswerSaysWhy() {
        OperatorApi api = new OperatorApi(McpSettings.from(Map.of("HOMEOSTAT_API", "http://127.0.0.1:1")));
        ApiCallException e = assertThrows(ApiCallException.class, () -> api.approve("plan-1", "because"));
        assertTrue(e.getMessage().contains("started without HOMEOSTAT_TOKEN"), e.getMessage());
    }

    @Test
    void anUnreachableApiIsAnErrorNotACrash() {
        OperatorApi api = new OperatorApi(McpSettings.from(Map.of("HOMEOSTAT_API", "http://127.0.0.1:1", "HOMEOSTAT_TOKEN", "t",
                "HOMEOSTAT_API_TIMEOUT_SECONDS", "2")));
        ApiCallException e = assertThrows(ApiCallException.class, api::status);
        assertTrue(e.getMessage().contains("cannot reach the API at http://127.0.0.1:1"), e.getMessage());
    }
}
