package io.homeostat.runtime.provider.ec2;

import io.homeostat.runtime.provider.TypedAction;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixed catalogue of actions the security-group provider can run. Nothing else can be executed against a group;
 * in particular there is no delete, and the group's description and VPC are never changed (create-only in AWS).
 */
public final class SecurityGroupActions {

    public static final String TYPE = "aws.ec2.security-group";
    public static final String CREATE_SECURITY_GROUP = TYPE + "/CreateSecurityGroup";
    public static final String AUTHORIZE_INGRESS = TYPE + "/AuthorizeSecurityGroupIngress";
    public static final String REVOKE_INGRESS = TYPE + "/RevokeSecurityGroupIngress";
    public static final String AUTHORIZE_EGRESS = TYPE + "/AuthorizeSecurityGroupEgress";
    public static final String REVOKE_EGRESS = TYPE + "/RevokeSecurityGroupEgress";
    public static final String UPDATE_INGRESS_DESCRIPTIONS = TYPE + "/UpdateSecurityGroupRuleDescriptionsIngress";
    public static final String UPDATE_EGRESS_DESCRIPTIONS = TYPE + "/UpdateSecurityGroupRuleDescriptionsEgress";
    public static final String CREATE_TAGS = TYPE + "/CreateTags";
    public static final String DELETE_TAGS = TYPE + "/DeleteTags";

    /**
     * Parameter keys: {@code groupName}, {@code region}, {@code vpcId} (absent = the region's default VPC),
     * {@code description} (CreateSecurityGroup), {@code rule.<n>} (a canonical rule, {@link SecurityGroupRule#key()}),
     * {@code ruleDescription.<n>} (that rule's description), {@code tag.<Key>}, {@code untag.<Key>}.
     */
    public static final String GROUP_NAME = "groupName";
    public static final String REGION = "region";
    public static final String VPC_ID = "vpcId";
    public static final String DESCRIPTION = "description";
    public static final String RULE = "rule.";
    public static final String RULE_DESCRIPTION = "ruleDescription.";
    public static final String TAG = "tag.";
    public static final String UNTAG = "untag.";

    private SecurityGroupActions() {}

    /** What every action names: the group by name, in a VPC ({@code null} = the default VPC) of a region. */
    public interface GroupAction extends TypedAction {
        String region();

        String groupName();

        String vpcId();
    }

    /** Authorize, revoke or re-describe rules in one direction. */
    public interface RuleAction extends GroupAction {
        List<SecurityGroupRule> rules();

        boolean egress();
    }

    public record CreateSecurityGroup(String region, String groupName, String vpcId, String description, Map<String, String> tags)
            implements GroupAction {
        public CreateSecurityGroup {
            tags = Map.copyOf(tags);
        }

        public String name() {
            return CREATE_SECURITY_GROUP;
        }
    }

    public record AuthorizeIngress(String region, String groupName, String vpcId, List<SecurityGroupRule> rules) implements RuleAction {
        public AuthorizeIngress {
            rules = List.copyOf(rules);
        }

        public String name() {
            return AUTHORIZE_INGRESS;
        }

        public boolean egress() {
            return false;
        }
    }

    public record RevokeIngress(String region, String groupName, String vpcId, List<SecurityGroupRule> rules) implements RuleAction {
        public RevokeIngress {
            rules = List.copyOf(rules);
        }

        public String name() {
            return REVOKE_INGRESS;
        }

        public boolean egress() {
            return false;
        }
    }

    public record AuthorizeEgress(String region, String groupName, String vpcId, List<SecurityGroupRule> rules) implements RuleAction {
        public AuthorizeEgress {
            rules = List.copyOf(rules);
        }

        public String name() {
            return AUTHORIZE_EGRESS;
        }

        public boolean egress() {
            return true;
        }
    }

    public record RevokeEgress(String region, String groupName, String vpcId, List<SecurityGroupRule> rules) implements RuleAction {
        public RevokeEgress {
            rules = List.copyOf(rules);
        }

        public String name() {
            return REVOKE_EGRESS;
        }

        public boolean egress() {
            return true;
        }
    }

    public record UpdateIngressDescriptions(String region, String groupName, String vpcId, List<SecurityGroupRule> rules) implements RuleAction {
        public UpdateIngressDescriptions {
            rules = List.copyOf(rules);
        }

        public String name() {
            return UPDATE_INGRESS_DESCRIPTIONS;
        }

        public boolean egress() {
            return false;
        }
    }

    public record UpdateEgressDescriptions(String region, String groupName, String vpcId, List<SecurityGroupRule> rules) implements RuleAction {
        public UpdateEgressDescriptions {
            rules = List.copyOf(rules);
        }

        public String name() {
            return UPDATE_EGRESS_DESCRIPTIONS;
        }

        public boolean egress() {
            return true;
        }
    }

    public record CreateTags(String region, String groupName, String vpcId, Map<String, String> tags) implements GroupAction {
        public CreateTags {
            tags = Map.copyOf(tags);
        }

        public String name() {
            return CREATE_TAGS;
        }
    }

    public record DeleteTags(String region, String groupName, String vpcId, Set<String> tagKeys) implements GroupAction {
        public DeleteTags {
            tagKeys = Set.copyOf(tagKeys);
        }

        public String name() {
            return DELETE_TAGS;
        }
    }
}
