package io.homeostat.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.mcp.api.ApiCallException;
import io.homeostat.mcp.api.OperatorApi;
import io.homeostat.mcp.render.IncidentText;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.inject.Inject;
import io.homeostat.runtime.store.IncidentState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@code list_incidents} and {@code explain_incident}, from the detector's incident API. */
public class IncidentTools {

    /** The incident states, so a wrong filter is an error rather than an empty list. */
    static final Set<String> STATES = Arrays.stream(IncidentState.values()).map(Enum::name)
            .collect(Collectors.toCollection(TreeSet::new));
    /** How far back a state filter looks: the API's own maximum page. */
    static final int SCAN = 500;

    @Inject
    OperatorApi api;

    @Tool(name = "list_incidents", annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, openWorldHint = false),
            description = """
                    Recent incidents, newest first: id, state, classification and severity, resource, when created and \
                    last updated. Filter by state (e.g. RESOLVED, AWAITING_APPROVAL, ESCALATED) and limit the count. \
                    Use explain_incident with an id for the whole story. """ + Descriptions.UNTRUSTED)
    public String listIncidents(
            @ToolArg(description = "Only incidents in this state (DETECTED, ANALYZED, AWAITING_APPROVAL, PLANNED, EXECUTING,"
                    + " EXECUTED, ROLLING_BACK, RESOLVED, NOTIFIED, PARTIAL, FAILED, ROLLED_BACK, ESCALATED, REJECTED,"
                    + " EXPIRED, CLOSED). Default: any.", required = false) String state,
            @ToolArg(description = "At most this many incidents, 1 to 500. Default: 20.", required = false,
                    defaultValue = "20") int limit) {
        if (limit < 1 || limit > SCAN) {
            throw new ToolCallException("limit must be between 1 and " + SCAN + ", was " + limit);
        }
        String wanted = state == null || state.isBlank() ? null : state.trim().toUpperCase(Locale.ROOT);
        if (wanted != null && !STATES.contains(wanted)) {
            throw new ToolCallException("unknown state '" + state + "'; valid states: " + STATES);
        }
        try {
            JsonNode all = api.incidents(wanted == null ? limit : SCAN);
            List<JsonNode> shown = new ArrayList<>();
            for (JsonNode i : all) {
                if (shown.size() < limit && (wanted == null || wanted.equals(i.path("state").asText()))) {
                    shown.add(i);
                }
            }
            return IncidentText.list(shown, wanted == null ? "" : " in state " + wanted);
        } catch (ApiCallException e) {
            throw new ToolCallException(e.getMessage());
        }
    }

    @Tool(name = "explain_incident", annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, openWorldHint = false),
            description = """
                    The whole story of one incident as structured text: the trigger (scan, CloudTrail call with its \
                    principal, desired-state change, log anomaly), what differed from desired, the classification with \
                    severity, confidence and rationale, similar past incidents, the plan with its typed actions, policy \
                    and approval, the executed steps, the ledger of every cloud call, compensations, what still differs, \
                    and the timeline from detection to verification. """ + Descriptions.UNTRUSTED)
    public String explainIncident(@ToolArg(description = "The incident id (from list_incidents or get_status).") String incidentId) {
        try {
            return IncidentText.explain(api.incident(incidentId));
        } catch (ApiCallException e) {
            throw new ToolCallException(e.getMessage());
        }
    }
}
