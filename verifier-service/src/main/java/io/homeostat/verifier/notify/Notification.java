package io.homeostat.verifier.notify;

import java.util.List;

/**
 * One message for people: every incident that made the same transition within one grouping window.
 *
 * @param transition the state the incidents moved to (RESOLVED, ROLLED_BACK, …)
 * @param subject one short ASCII line (SNS subjects allow nothing else)
 * @param text the whole message as plain text; untrusted parts already quoted
 * @param incidentIds the incidents it reports, in order
 */
public record Notification(String transition, String subject, String text, List<String> incidentIds) {}
