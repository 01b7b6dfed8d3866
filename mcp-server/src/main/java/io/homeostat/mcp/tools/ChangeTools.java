package io.homeostat.mcp.tools;

import io.homeostat.mcp.change.ChangeProposal;
import io.homeostat.mcp.change.PhaseChangeException;
import io.homeostat.mcp.change.PhaseChangeProposer;
import io.homeostat.mcp.config.McpSettings;
import io.homeostat.runtime.bootstrap.IamPolicyGenerator;
import io.homeostat.runtime.desired.PhaseLoader;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;

/** {@code plan_change}: validate a phase file edit, show its plan, and propose it as a git branch. Never applies. */
public class ChangeTools {

    private final PhaseChangeProposer proposer;

    @Inject
    public ChangeTools(McpSettings settings) {
        // The providers only validate declared properties here; their cloud clients are never called.
        this.proposer = new PhaseChangeProposer(settings.phasesDir(),
                new PhaseLoader(new ProviderRegistry(IamPolicyGenerator.defaultProviders())), Clock.systemUTC());
    }

    @Tool(name = "plan_change", annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = false,
            idempotentHint = false, openWorldHint = false),
            description = """
                    Proposes a change to the desired state: give a phase file name (e.g. 10-messaging.yaml) and either \
                    its complete new YAML content, or edits such as resources.orders.properties.VisibilityTimeout=60 \
                    (set; the value is read as YAML) and -resources.orders.tags.env (remove). The file is validated \
                    with all other phase files as the services would load them (errors name file:line:col), the plan is \
                    shown as the desired-state difference against the current git revision (resources to add, change, \
                    remove, field by field, and policy rules), and the change is committed on a NEW git branch \
                    homeostat/assistant/... for a person to review and merge. Nothing is applied, the checked-out \
                    branch and work tree are not touched. An invalid change creates no branch.""")
    public String planChange(
            @ToolArg(description = "Phase file name in the phases folder, e.g. 10-messaging.yaml (no folders).") String file,
            @ToolArg(description = "The complete new YAML content of that file (see docs/phases.md for the format)."
                    + " Give this or edits.", required = false) String content,
            @ToolArg(description = "Instead of content: edits applied in order to the file as the current revision has it"
                    + " (comments are not kept). 'path.to.key=value' sets (value read as YAML), '-path.to.key' removes.",
                    required = false) List<String> edits,
            @ToolArg(description = "Why the change is wanted; goes into the commit message.", required = false) String reason) {
        boolean hasContent = content != null && !content.isBlank();
        boolean hasEdits = edits != null && !edits.isEmpty();
        if (hasContent == hasEdits) {
            throw new ToolCallException("give either content (the whole new file) or edits, not " + (hasContent ? "both" : "neither"));
        }
        try {
            ChangeProposal p = hasContent ? proposer.propose(file, content, reason) : proposer.proposeEdits(file, edits, reason);
            return "Proposed on branch " + p.proposal().branch() + " (commit " + p.proposal().commitId() + ", based on "
                    + p.proposal().baseCommitId() + "); " + (p.newFile() ? "adds " : "changes ") + p.file()
                    + ". Nothing was applied: a person reviews and merges the branch.\n\n" + p.plan().render();
        } catch (PhaseChangeException e) {
            throw new ToolCallException(e.getMessage());
        }
    }
}
