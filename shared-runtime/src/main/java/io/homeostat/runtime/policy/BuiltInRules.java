package io.homeostat.runtime.policy;

import io.homeostat.model.events.PolicyDecision.Effect;
import java.util.List;

/**
 * The rules in force unless {@code homeostat.planner.policy.built-ins=false}; each can be replaced by a configured or
 * phase rule of the same name. They guard against what a repair must never do, even when desired says so.
 */
public final class BuiltInRules {

    /** A source open to the whole internet, IPv4 or IPv6. */
    private static final String WORLD = "(r.source == '0.0.0.0/0' || r.source == '::/0')";

    public static final List<PolicyRule> ALL = List.of(
            new PolicyRule("no-delete-table-with-data", PolicyRule.BUILT_IN, Effect.DENY,
                    "resource.type == 'aws.dynamodb.table' && action.verb.startsWith('Delete') && observation.itemCount != 0",
                    "never delete a table that holds data (or whose item count is unknown)"),
            new PolicyRule("no-ssh-from-anywhere", PolicyRule.BUILT_IN, Effect.DENY,
                    "action.verb == 'AuthorizeSecurityGroupIngress' && action.rules.exists(r, " + WORLD
                            + " && r.protocol == 'tcp' && r.fromPort <= 22 && r.toPort >= 22)",
                    "never open SSH (port 22) to 0.0.0.0/0 or ::/0"),
            new PolicyRule("no-all-ports-to-anywhere", PolicyRule.BUILT_IN, Effect.DENY,
                    "action.verb == 'AuthorizeSecurityGroupIngress' && action.rules.exists(r, " + WORLD
                            + " && (r.protocol == 'all' || (r.fromPort <= 0 && r.toPort >= 65535)))",
                    "never open every port to 0.0.0.0/0 or ::/0"),
            new PolicyRule("public-bucket-needs-approval", PolicyRule.BUILT_IN, Effect.REQUIRE_APPROVAL,
                    "action.verb == 'PutPublicAccessBlock' && action.parameters.exists(k, action.parameters[k] == 'false')",
                    "lifting any S3 public access block waits for a person"));

    private BuiltInRules() {}
}
