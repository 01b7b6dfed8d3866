package io.homeostat.planner.config;

import io.homeostat.planner.adopt.AdoptProposer;
import io.homeostat.planner.approval.ApprovalDesk;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.CooldownGuard;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.transport.EventPublisher;
import io.homeostat.runtime.transport.Envelopes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/** The planner's own pieces, built from configuration; plain classes so tests build them against the emulators. */
@Singleton
public class PlannerBeans {

    @Produces
    @Singleton
    AdoptProposer adopter(HomeostatConfig config, DesiredStateSource desired, ProviderRegistry providers) {
        return new AdoptProposer(desired::current, Path.of(config.phases().dir()), providers,
                config.planner().adopt().authorName(), config.planner().adopt().authorEmail());
    }

    @Produces
    @Singleton
    ApprovalDesk desk(IncidentStore incidents, StoreTransactions transactions, CooldownGuard guard, EventPublisher publisher,
                      Envelopes envelopes, Clock clock, HomeostatConfig config, AdoptProposer adopter) {
        return new ApprovalDesk(incidents, transactions, guard, publisher, envelopes, clock, config.incidents().cooldown(), adopter);
    }
}
