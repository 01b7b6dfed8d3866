package io.homeostat.planner.policy;

import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.policy.PolicyEngine;
import io.homeostat.runtime.policy.PolicyRule;
import io.homeostat.runtime.policy.PolicyRuleException;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules in force: built-ins, then configuration, then the phase files' {@code policy:} sections. Configured rules
 * are compiled when the planner starts, so an invalid one fails start-up naming its key; phase rules are compiled
 * when the phase set loads. The guard is rebuilt only when the phase rules change.
 */
@Singleton
@Startup
public class PolicyRules {

    private final boolean builtIns;
    private final List<PolicyRule> configured;
    private List<PolicyRule> lastPhaseRules;
    private PolicyGuard guard;

    @Inject
    public PolicyRules(HomeostatConfig config) {
        this(config.planner().policy().builtIns(), configured(config.planner().policy().rules()));
    }

    public PolicyRules(boolean builtIns, List<PolicyRule> configured) {
        this.builtIns = builtIns;
        this.configured = List.copyOf(configured);
        this.guard = new PolicyGuard(PolicyEngine.merge(builtIns, this.configured, List.of()));
        this.lastPhaseRules = List.of();
    }

    public synchronized PolicyGuard guard(DesiredState desired) {
        if (!desired.policies().equals(lastPhaseRules)) {
            guard = new PolicyGuard(PolicyEngine.merge(builtIns, configured, desired.policies()));
            lastPhaseRules = desired.policies();
        }
        return guard;
    }

    static List<PolicyRule> configured(Map<String, HomeostatConfig.PolicyRuleConfig> rules) {
        List<PolicyRule> out = new ArrayList<>();
        new TreeMap<>(rules).forEach((name, r) -> {
            String where = "homeostat.planner.policy.rules." + name;
            PolicyRule rule = new PolicyRule(name, PolicyRule.CONFIG, PolicyRule.effect(r.effect(), where + ".effect"), r.when(),
                    r.description().orElse(null));
            try {
                PolicyEngine.check(rule);
            } catch (PolicyRuleException e) {
                throw new PolicyRuleException(where + ".when: " + e.getMessage());
            }
            out.add(rule);
        });
        return out;
    }
}
