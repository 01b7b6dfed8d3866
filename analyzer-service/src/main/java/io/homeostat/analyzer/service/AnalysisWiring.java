package io.homeostat.analyzer.service;

import io.homeostat.analyzer.bedrock.SecondOpinion;
import io.homeostat.analyzer.history.HistoryWeigher;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.store.IncidentStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Puts the analysis together from {@code homeostat.analyzer.*}. */
@Singleton
public class AnalysisWiring {

    @Produces
    @Singleton
    IncidentAnalysis analysis(HomeostatConfig config, SecondOpinion secondOpinion, IncidentStore incidents) {
        HomeostatConfig.Analyzer c = config.analyzer();
        return new IncidentAnalysis(new RuleClassifier(c.allowedPrincipals().orElse(List.of())),
                new HistoryWeigher(c.recurrenceThreshold()), secondOpinion, incidents, c.historyLimit(), c.historyWindow());
    }
}
