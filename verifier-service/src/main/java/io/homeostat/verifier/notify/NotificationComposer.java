package io.homeostat.verifier.notify;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.untrusted.UntrustedText;
import java.util.List;

/**
 * Writes the message for one transition and the incidents that made it. One incident: its resource, correlation id,
 * diff, what is still different, the compensations run, and its timeline. Several (a storm): one line each, so people
 * get one message instead of hundreds. Everything that came from events or the cloud (resource names, values, notes
 * that quote principals) goes through {@link UntrustedText}. Pure.
 */
public final class NotificationComposer {

    /** Incidents listed one per line in a grouped message; the rest are counted. */
    static final int MAX_LISTED = 25;

    private NotificationComposer() {}

    public static Notification compose(IncidentState transition, List<Incident> incidents) {
        if (incidents.isEmpty()) {
            throw new IllegalArgumentException("a notification needs at least one incident");
        }
        List<String> ids = incidents.stream().map(Incident::incidentId).toList();
        if (incidents.size() == 1) {
            Incident i = incidents.get(0);
            return new Notification(transition.name(), subject(transition + " " + i.resource().type() + " " + UntrustedText.quote(i.resource().name(), 40)),
                    single(transition, i), ids);
        }
        StringBuilder text = new StringBuilder().append(incidents.size()).append(" incidents ").append(verb(transition)).append('\n');
        incidents.stream().limit(MAX_LISTED).forEach(i -> text.append("- ").append(line(i)).append('\n'));
        if (incidents.size() > MAX_LISTED) {
            text.append("… and ").append(incidents.size() - MAX_LISTED).append(" more\n");
        }
        return new Notification(transition.name(), subject(incidents.size() + " incidents " + transition), text.toString(), ids);
    }

    private static String single(IncidentState transition, Incident i) {
        StringBuilder text = new StringBuilder()
                .append("Incident ").append(verb(transition)).append(": ").append(i.resource().type()).append(' ')
                .append(UntrustedText.quote(i.resource().name())).append(" (phase ").append(UntrustedText.quote(i.resource().phase()))
                .append(")\n")
                .append("correlation id: ").append(i.correlationId()).append('\n');
        if (i.classification() != null) {
            text.append("class: ").append(i.classification().kind()).append(", severity ").append(i.classification().severity()).append('\n');
        }
        diff(text, "diff", i.diff());
        diff(text, "still different", i.remaining());
        if (!i.compensations().isEmpty()) {
            text.append("compensations:\n");
            for (StepResult c : i.compensations()) {
                text.append("  step ").append(c.step()).append(' ').append(c.action()).append(": ").append(c.status())
                        .append(' ').append(UntrustedText.quote(c.message())).append('\n');
            }
        }
        text.append("timeline:\n");
        for (TimelineEntry e : i.timeline()) {
            text.append("  ").append(e.at()).append(' ').append(e.state()).append(' ').append(e.service()).append(' ')
                    .append(UntrustedText.quote(e.note())).append('\n');
        }
        return text.toString();
    }

    private static void diff(StringBuilder text, String title, List<FieldDiff> diff) {
        if (diff.isEmpty()) {
            return;
        }
        text.append(title).append(":\n");
        for (FieldDiff d : diff) {
            text.append("  ").append(UntrustedText.quote(d.path())).append(": desired ").append(UntrustedText.quote(d.desired()))
                    .append(", actual ").append(UntrustedText.quote(d.actual())).append('\n');
        }
    }

    private static String line(Incident i) {
        return i.resource().type() + " " + UntrustedText.quote(i.resource().name()) + " (correlation id " + i.correlationId() + "; "
                + (i.diff().isEmpty() ? "no diff" : i.diff().size() + " field(s): "
                        + i.diff().stream().map(d -> UntrustedText.quote(d.path(), 60)).toList()) + ")";
    }

    private static String verb(IncidentState transition) {
        return switch (transition) {
            case DETECTED -> "opened";
            case AWAITING_APPROVAL -> "awaiting approval";
            case RESOLVED -> "resolved (verified)";
            case NOTIFIED -> "reported (drift mode: not healed)";
            case FAILED -> "failed";
            case PARTIAL -> "partly repaired";
            case ROLLED_BACK -> "rolled back";
            case ESCALATED -> "escalated: people must look";
            case CLOSED -> "closed by a person after escalation";
            default -> transition.name();
        };
    }

    /** SNS subjects: printable ASCII, at most 100 characters. */
    static String subject(String raw) {
        String ascii = ("Homeostat: " + raw).replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() <= 100 ? ascii : ascii.substring(0, 99) + "~";
    }
}
