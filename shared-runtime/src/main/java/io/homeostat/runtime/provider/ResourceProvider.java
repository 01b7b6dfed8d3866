package io.homeostat.runtime.provider;

import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import java.util.List;

/**
 * One managed resource type, after Crossplane's external-client contract.
 *
 * <ul>
 *   <li>{@link #observe} reads the live resource and reports {@code exists}, {@code upToDate} and the diff against
 *       desired. It changes nothing.</li>
 *   <li>{@link #planRestore} turns an observation into typed actions from this provider's fixed catalogue, as data.</li>
 *   <li>{@link #bind} validates a planned action (name and every parameter) against the catalogue; anything not in it
 *       is rejected. Plans arrive over a queue and are untrusted until bound.</li>
 *   <li>{@link #apply} runs a bound action. Every action is idempotent: applying it twice has the effect of applying it
 *       once (set attribute to value, ensure tag present); deleting a missing resource is success.</li>
 * </ul>
 *
 * Failures are {@link CloudCallException}s that say whether retrying can help.
 *
 * <p>Providers are CDI beans ({@code @Singleton}) discovered by {@link ProviderRegistry}'s producer: adding a type
 * is adding a class. Keep a plain constructor too, so tests can build one against moto directly.
 */
public interface ResourceProvider {

    TypeInfo typeInfo();

    /** The CloudTrail calls that can change this type; empty when the type is watched by the scan only. */
    default java.util.Optional<CloudTrailMapping> cloudTrail() {
        return java.util.Optional.empty();
    }

    /**
     * Turns what a CloudTrail event names (after {@link CloudTrailMapping}) into the physical name the desired state
     * uses, so the detector can match the event to a declared resource. Most events name the resource by its name
     * and the default returns it unchanged; a type whose events carry an id instead (security groups: {@code sg-…})
     * looks the id up.
     *
     * @param region the event's region; {@code null} means this provider's default region
     * @param nameOrId a name or id as the event gives it (untrusted)
     * @return the physical name, or empty when the id is unknown (no such resource)
     * @throws CloudCallException when a lookup fails
     */
    default java.util.Optional<String> resolveName(String region, String nameOrId) {
        return java.util.Optional.of(nameOrId);
    }

    /**
     * Checks what a phase declares for this type (properties, and tags where the type restricts them) without any
     * cloud call. Called for every resource of this type when the phase set is loaded, so an invalid set is rejected
     * whole, with every problem of every file, before anything from it is observed or applied.
     *
     * <p>The default accepts everything; a provider that knows its properties should override it.
     *
     * @throws IllegalArgumentException naming the offending property (or tag) and what is allowed instead, e.g.
     *     {@code unknown property 'Visibility'; allowed: [DelaySeconds, ...]}
     */
    default void validate(DesiredResource desired) {}

    /** Prefix of a parameter value that names a desired property instead of carrying it: {@code desired-ref:Value}. */
    String DESIRED_REF = "desired-ref:";

    /**
     * Fills in parameters a plan carries only as {@link #DESIRED_REF} references (secrets), from the executor's own
     * copy of the desired state, just before {@link #bind}. Secrets thus never travel on a queue or sit in an
     * incident record. The default resolves nothing.
     */
    default PlannedAction resolveReferences(PlannedAction action, DesiredResource desired) {
        return action;
    }

    /**
     * Reverse sync: lists this type's live resources and describes them as a phase would declare them, for importing
     * what no phase declares yet. Empty for a type that cannot be imported.
     */
    default java.util.Optional<ResourceDiscovery> discovery() {
        return java.util.Optional.empty();
    }

    Observation observe(DesiredResource desired);

    /**
     * A planned step with its preconditions and its compensation, both computed from the observation the plan was made
     * from (see {@link PlannedAction}). The planner guards every step it emits this way.
     */
    default PlannedAction guard(DesiredResource desired, Observation observed, PlannedAction action) {
        return action.guarded(preconditions(observed, action), compensation(desired, observed, action));
    }

    /**
     * What the live resource must still show for {@code action} to run: whether it exists, and the observed value of
     * every field the plan was made to change ({@code null}: must still be absent). Only fields the observation names
     * in its {@code actual} state (or that it saw absent) are included, so the executor can compare them with its
     * before-image key for key. Providers may narrow this per action.
     */
    default java.util.Map<String, String> preconditions(Observation observed, PlannedAction action) {
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        expected.put(io.homeostat.model.events.FieldDiff.EXISTS, Boolean.toString(observed.exists()));
        if (observed.exists()) {
            for (io.homeostat.model.events.FieldDiff d : observed.diff()) {
                if (observed.actual().containsKey(d.path())) {
                    expected.put(d.path(), observed.actual().get(d.path()));
                } else if (d.actual() == null) {
                    expected.put(d.path(), null);
                }
            }
        }
        return expected;
    }

    /**
     * The action from this provider's catalogue that puts back what was observed before {@code action} ran, or
     * {@code null} when undoing it is unsafe (it would delete a resource or its data, or carry a secret) or cannot be
     * expressed as one action. The default knows no compensations.
     */
    default PlannedAction compensation(DesiredResource desired, Observation observed, PlannedAction action) {
        return null;
    }

    /** Empty when the observation is up to date. */
    List<PlannedAction> planRestore(DesiredResource desired, Observation observed);

    TypedAction bind(PlannedAction action);

    /** @return a short human-readable result for the ledger */
    String apply(TypedAction action);
}
