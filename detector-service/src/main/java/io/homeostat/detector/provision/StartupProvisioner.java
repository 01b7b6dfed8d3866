package io.homeostat.detector.provision;

import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * First deploy: creates the declared resources that do not exist yet, through the same typed actions the executor
 * uses, before the first scan would report them all as missing. Only absent resources are created; a resource that
 * exists but differs is left to the normal loop, which records an incident for it.
 */
@Singleton
public class StartupProvisioner {

    private static final Logger LOG = Logger.getLogger(StartupProvisioner.class);

    @Inject
    DetectorConfig config;

    @Inject
    DesiredStateSource desired;

    @Inject
    ProviderRegistry providers;

    void onStart(@Observes @Priority(50) StartupEvent event) {
        if (!config.provisionOnStart()) {
            return;
        }
        int created = 0;
        for (DesiredResource r : desired.current().resources()) {
            ResourceProvider provider = providers.get(r.type());
            Observation observed = provider.observe(r);
            if (observed.exists()) {
                continue;
            }
            for (PlannedAction action : provider.planRestore(r, observed)) {
                LOG.infof("provision %s %s: %s", r.type(), r.name(), provider.apply(provider.bind(action)));
            }
            created++;
        }
        LOG.infof("provisioning: %d resource(s) declared, %d created", desired.current().resources().size(), created);
    }
}
