package io.homeostat.runtime.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.PolicyDecision;
import io.homeostat.model.events.PolicyDecision.Effect;
import io.homeostat.model.events.PolicyDecision.Match;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy guard: CEL rules compiled once, evaluated against every planned step. The result is the strictest effect
 * of all matches (DENY over REQUIRE_APPROVAL) with every rule that matched, to be recorded on the plan.
 *
 * <p>A rule that fails while evaluating (a missing map key, a type error on odd data) or yields no boolean counts as
 * matching with its own effect and says so: a guard that cannot decide must not let the step through. Write
 * {@code 'env' in resource.tags && resource.tags['env'] == 'prod'} rather than indexing a key that may be absent.
 */
public final class PolicyEngine {

    private static final CelCompiler COMPILER = compiler();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private record Compiled(PolicyRule rule, CelRuntime.Program program) {}

    private final List<Compiled> rules;

    /** @throws PolicyRuleException naming the first rule (and where it is declared) whose expression does not compile */
    public PolicyEngine(Collection<PolicyRule> rules) {
        List<Compiled> compiled = new ArrayList<>();
        for (PolicyRule r : rules) {
            compiled.add(new Compiled(r, program(r)));
        }
        this.rules = List.copyOf(compiled);
    }

    /**
     * Built-ins (unless left out), then configured rules, then phase rules; a later rule with an earlier one's name
     * replaces it.
     */
    public static List<PolicyRule> merge(boolean builtIns, Collection<PolicyRule> configured, Collection<PolicyRule> phases) {
        Map<String, PolicyRule> byName = new LinkedHashMap<>();
        if (builtIns) {
            BuiltInRules.ALL.forEach(r -> byName.put(r.name(), r));
        }
        configured.forEach(r -> byName.put(r.name(), r));
        phases.forEach(r -> byName.put(r.name(), r));
        return List.copyOf(byName.values());
    }

    /** Compiles the rule's expression only, to reject it at load time; the message names the rule and where. */
    public static void check(PolicyRule rule) {
        program(rule);
    }

    public List<PolicyRule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }

    /** The decision for a plan's steps. */
    public PolicyDecision decide(List<PlannedAction> steps, PolicyInput input) {
        List<Match> matches = new ArrayList<>();
        Effect effect = Effect.ALLOW;
        for (PlannedAction step : steps) {
            for (Match m : evaluate(step, input)) {
                matches.add(m);
                effect = effect.strictest(m.effect());
            }
        }
        return new PolicyDecision(effect, matches);
    }

    /** Every rule that matches one step (or one compensation). */
    public List<Match> evaluate(PlannedAction step, PolicyInput input) {
        Map<String, Object> vars = input.variables(step);
        List<Match> matches = new ArrayList<>();
        for (Compiled c : rules) {
            PolicyRule r = c.rule();
            if (!r.appliesTo(input.resource().phase())) {
                continue;
            }
            String description = r.description() == null ? r.when() : r.description();
            try {
                Object result = c.program().eval(vars);
                if (Boolean.TRUE.equals(result)) {
                    matches.add(new Match(r.name(), r.source(), r.effect(), step.step(), step.action(), description));
                } else if (!(result instanceof Boolean)) {
                    matches.add(new Match(r.name(), r.source(), r.effect(), step.step(), step.action(),
                            description + " (rule did not yield true or false but " + result + ")"));
                }
            } catch (CelEvaluationException | RuntimeException e) {
                matches.add(new Match(r.name(), r.source(), r.effect(), step.step(), step.action(),
                        description + " (rule could not be evaluated: " + e.getMessage() + ")"));
            }
        }
        return matches;
    }

    private static CelRuntime.Program program(PolicyRule rule) {
        String where = "policy rule '" + rule.name() + "' (" + rule.source() + ")";
        if (rule.when() == null || rule.when().isBlank()) {
            throw new PolicyRuleException(where + ": 'when' is missing");
        }
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(rule.when(), rule.name()).getAst();
            return RUNTIME.createProgram(ast);
        } catch (CelValidationException e) {
            throw new PolicyRuleException(where + ": invalid CEL expression: " + e.getMessage().strip());
        } catch (CelEvaluationException e) {
            throw new PolicyRuleException(where + ": cannot be prepared: " + e.getMessage());
        }
    }

    private static CelCompiler compiler() {
        var builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL);
        for (String variable : PolicyInput.VARIABLES) {
            builder.addVar(variable, MapType.create(SimpleType.STRING, SimpleType.DYN));
        }
        return builder.build();
    }
}
