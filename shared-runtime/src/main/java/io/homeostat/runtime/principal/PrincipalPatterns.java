package io.homeostat.runtime.principal;

import java.util.List;

/**
 * A configured list of CloudTrail principals (IAM ARNs or access key ids): each entry is exact, or a prefix when it
 * ends in {@code *} — an assumed role's ARN ends in a session name that changes per task on ECS
 * ({@code arn:aws:sts::123456789012:assumed-role/homeostat-executor/*}). Blank entries and a lone {@code *} are
 * ignored: a list never turns into a blanket match. The principal is untrusted text; it is only compared.
 */
public final class PrincipalPatterns {

    private final List<String> entries;

    public PrincipalPatterns(List<String> entries) {
        this.entries = entries.stream().filter(e -> !e.isBlank() && !e.equals("*")).toList();
    }

    /** Whether {@code principal} is one of the entries (or starts with one's prefix); {@code null} matches nothing. */
    public boolean matches(String principal) {
        if (principal == null) {
            return false;
        }
        for (String entry : entries) {
            if (entry.endsWith("*") ? principal.startsWith(entry.substring(0, entry.length() - 1)) : principal.equals(entry)) {
                return true;
            }
        }
        return false;
    }
}
