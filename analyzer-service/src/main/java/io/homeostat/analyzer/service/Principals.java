package io.homeostat.analyzer.service;

import io.homeostat.runtime.principal.PrincipalPatterns;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the rules can tell from a CloudTrail principal string alone (an IAM ARN, or an access key id when the event
 * carried no ARN). The string is untrusted text: it is only compared, never interpreted further.
 */
final class Principals {

    /** {@code arn:aws:iam::123456789012:root} (also in the China and GovCloud partitions). */
    private static final Pattern ROOT = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:root");

    private final PrincipalPatterns allowed;

    /**
     * @param allowed exact principals, or prefixes ending in {@code *}, each stripped of surrounding blanks; a lone
     *     {@code *} is ignored (it would allow all)
     */
    Principals(List<String> allowed) {
        this.allowed = new PrincipalPatterns(allowed.stream().map(String::strip).toList());
    }

    boolean isAllowed(String principal) {
        return allowed.matches(principal);
    }

    static boolean isRoot(String principal) {
        return principal != null && ROOT.matcher(principal).matches();
    }

    /**
     * An AWS service acting by itself: a service principal ({@code events.amazonaws.com}), a service-linked role, or
     * CloudTrail's "AWS Internal" agent.
     */
    static boolean isAwsService(String principal, String userAgent) {
        return principal != null && (principal.endsWith(".amazonaws.com") || principal.contains(":assumed-role/AWSServiceRoleFor"))
                || "AWS Internal".equals(userAgent);
    }

    /** A change clicked in the AWS console (or the sign-in flow): a person by hand, not automation. */
    static boolean isConsole(String userAgent) {
        return userAgent != null && (userAgent.contains("console.amazonaws.com") || userAgent.contains("signin.amazonaws.com")
                || userAgent.contains("Console/"));
    }
}
