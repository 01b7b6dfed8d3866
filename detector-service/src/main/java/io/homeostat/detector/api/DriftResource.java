package io.homeostat.detector.api;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.detector.status.ResourceObserver;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.untrusted.UntrustedText;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * A dry run, like {@code terraform plan}: observes every declared resource now and shows what differs and the typed
 * actions that would restore it. Changes nothing and opens no incident.
 *
 * <pre>
 * GET /api/drift             JSON, one entry per resource
 * GET /api/drift  (Accept: text/plain)   a plan-like listing
 * </pre>
 */
@Path("/api/drift")
public class DriftResource {

    /** One resource's state: {@code IN_SYNC}, {@code DRIFTED}, {@code MISSING} or {@code ERROR}. */
    public record Entry(String logicalId, String type, String name, String status, List<FieldDiff> diff,
                        List<PlannedAction> wouldRun, String error) {}

    @Inject
    DesiredStateSource desired;

    @Inject
    ResourceObserver observer;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Entry> json() {
        List<Entry> entries = new ArrayList<>();
        for (DesiredResource r : desired.current().resources()) {
            entries.add(entry(r));
        }
        return entries;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String text() {
        StringBuilder out = new StringBuilder();
        int create = 0, change = 0, inSync = 0, errors = 0;
        for (Entry e : json()) {
            String head = e.type() + " " + e.name() + " (" + e.logicalId() + ")";
            switch (e.status()) {
                case "IN_SYNC" -> inSync++;
                case "MISSING" -> {
                    create++;
                    out.append("+ ").append(head).append("  missing: will be created\n");
                }
                case "ERROR" -> {
                    errors++;
                    out.append("! ").append(head).append("  cannot observe: ").append(e.error()).append('\n');
                }
                default -> {
                    change++;
                    out.append("~ ").append(head).append('\n');
                    for (FieldDiff d : e.diff()) {
                        out.append("    ").append(d.actual() == null ? "+" : d.desired() == null ? "-" : "~").append(' ')
                                .append(d.path()).append(": ").append(UntrustedText.quote(d.actual())).append(" -> ")
                                .append(UntrustedText.quote(d.desired())).append('\n');
                    }
                    if (e.wouldRun().isEmpty()) {
                        out.append("    (no action can restore this; it needs a person)\n");
                    }
                }
            }
        }
        out.append("Plan: ").append(create).append(" to create, ").append(change).append(" to change, ").append(inSync)
                .append(" in sync").append(errors > 0 ? ", " + errors + " not observable" : "").append(".\n");
        return out.toString();
    }

    private Entry entry(DesiredResource r) {
        ResourceObserver.Observed o = observer.observe(r);
        return new Entry(r.logicalId(), r.type(), r.name(), o.drift().name(), o.diff(), o.wouldRun(), o.error());
    }
}
