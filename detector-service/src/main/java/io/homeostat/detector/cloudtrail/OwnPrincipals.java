package io.homeostat.detector.cloudtrail;

import java.util.List;

/**
 * The loop breaker's list of Homeostat's own identities: exact IAM ARNs or access key ids, or prefixes ending in
 * {@code *} — an assumed role's ARN ends in a session name that changes per task on ECS
 * ({@code arn:aws:sts::123456789012:assumed-role/homeostat-executor/*}).
 */
public final class OwnPrincipals {

    private final List<String> entries;

    public OwnPrincipals(List<String> entries) {
        this.entries = entries.stream().filter(e -> !e.isBlank() && !e.equals("*")).toList();
    }

    /** Whether the call was made by one of Homeostat's own identities. */
    public boolean made(CloudTrailRecord record) {
        return matches(record.principalArn()) || matches(record.accessKeyId());
    }

    boolean matches(String principal) {
        if (principal == null) {
            return false;
        }
        for (String own : entries) {
            if (own.endsWith("*") ? principal.startsWith(own.substring(0, own.length() - 1)) : principal.equals(own)) {
                return true;
            }
        }
        return false;
    }
}
