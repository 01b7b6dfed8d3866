package io.homeostat.runtime.policy;

/** A policy rule that cannot be used (bad effect, CEL that does not compile); the message names the rule and where. */
public class PolicyRuleException extends IllegalArgumentException {

    public PolicyRuleException(String message) {
        super(message);
    }
}
