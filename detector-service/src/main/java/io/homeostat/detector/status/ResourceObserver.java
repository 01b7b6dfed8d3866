package io.homeostat.detector.status;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Observes one declared resource now and says where it stands, without opening an incident or changing anything.
 * The dry run ({@code /api/drift}) and the status view ({@code /api/status}) both read resources through this, so a
 * resource counts as drifted in one exactly when it does in the other.
 */
@Singleton
public class ResourceObserver {

    /** Where a resource stands against its declaration. */
    public enum Drift {
        IN_SYNC,
        DRIFTED,
        MISSING,
        /** It could not be observed (access denied, throttled past retries, provider error). */
        ERROR
    }

    /** One observation: what differs, what would restore it, or why it could not be observed. */
    public record Observed(DesiredResource resource, Drift drift, List<FieldDiff> diff, List<PlannedAction> wouldRun,
                           String error) {}

    private final ProviderRegistry providers;

    @Inject
    public ResourceObserver(ProviderRegistry providers) {
        this.providers = providers;
    }

    public Observed observe(DesiredResource r) {
        try {
            ResourceProvider p = providers.get(r.type());
            Observation o = p.observe(r);
            Drift drift = o.upToDate() ? Drift.IN_SYNC : o.exists() ? Drift.DRIFTED : Drift.MISSING;
            return new Observed(r, drift, o.diff(), p.planRestore(r, o), null);
        } catch (RuntimeException e) {
            return new Observed(r, Drift.ERROR, List.of(), List.of(), e.getMessage());
        }
    }
}
