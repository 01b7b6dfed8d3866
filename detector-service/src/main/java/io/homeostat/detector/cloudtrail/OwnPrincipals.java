package io.homeostat.detector.cloudtrail;

import io.homeostat.runtime.principal.PrincipalPatterns;
import java.util.List;

/**
 * The loop breaker's list of Homeostat's own identities: exact IAM ARNs or access key ids, or prefixes ending in
 * {@code *} — an assumed role's ARN ends in a session name that changes per task on ECS
 * ({@code arn:aws:sts::123456789012:assumed-role/homeostat-executor/*}).
 */
public final class OwnPrincipals {

    private final PrincipalPatterns own;

    public OwnPrincipals(List<String> entries) {
        this.own = new PrincipalPatterns(entries);
    }

    /** Whether the call was made by one of Homeostat's own identities. */
    public boolean made(CloudTrailRecord record) {
        return matches(record.principalArn()) || matches(record.accessKeyId());
    }

    boolean matches(String principal) {
        return own.matches(principal);
    }
}
