package io.homeostat.mcp.tools;

import io.homeostat.mcp.api.ApiCallException;
import io.homeostat.mcp.api.OperatorApi;
import io.homeostat.mcp.render.StatusText;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.inject.Inject;

/** {@code get_status}: the detector's {@code GET /api/status}, read out. */
public class StatusTools {

    @Inject
    OperatorApi api;

    @Tool(name = "get_status", annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, openWorldHint = false),
            description = """
                    Every resource Homeostat manages, phase by phase: IN_SYNC, DRIFTED, MISSING or ERROR right now, \
                    whether it is watched (ENABLED, PAUSED, DISABLED), its drift mode and its open incident, with \
                    totals first. Reads live state; changes nothing. """ + Descriptions.UNTRUSTED)
    public String getStatus() {
        try {
            return StatusText.render(api.status());
        } catch (ApiCallException e) {
            throw new ToolCallException(e.getMessage());
        }
    }
}
