package io.homeostat.analyzer.service;

import io.homeostat.analyzer.bedrock.SecondOpinion;
import io.homeostat.analyzer.history.ChangeSignature;
import io.homeostat.analyzer.history.HistoryWeigher;
import io.homeostat.model.events.Classification;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.SimilarIncident;
import java.time.Duration;
import java.util.List;

/**
 * One incident's analysis, in order: the rules' verdict; the change signature and the similar incidents before this
 * one (within the history window, newest first), whose outcomes adjust it; then, when configured, the model's
 * second opinion, which can only make it more cautious.
 */
public final class IncidentAnalysis {

    /** What the analyzer records: the verdict, the signature, the history it weighed, and how the model part went. */
    public record Outcome(Classification classification, String signature, List<SimilarIncident> similar, String secondOpinion) {}

    private final RuleClassifier rules;
    private final HistoryWeigher history;
    private final SecondOpinion secondOpinion;
    private final IncidentStore incidents;
    private final int historyLimit;
    private final Duration historyWindow;

    public IncidentAnalysis(RuleClassifier rules, HistoryWeigher history, SecondOpinion secondOpinion, IncidentStore incidents,
                            int historyLimit, Duration historyWindow) {
        this.rules = rules;
        this.history = history;
        this.secondOpinion = secondOpinion;
        this.incidents = incidents;
        this.historyLimit = historyLimit;
        this.historyWindow = historyWindow;
    }

    public Outcome analyze(DriftDetected drift, Incident incident) {
        String signature = ChangeSignature.of(drift);
        List<Incident> past = incidents.similar(signature, incident.createdAt(), historyLimit).stream()
                .filter(i -> !i.incidentId().equals(incident.incidentId()))
                .filter(i -> !i.createdAt().isBefore(incident.createdAt().minus(historyWindow)))
                .toList();
        HistoryWeigher.Weighed weighed = history.weigh(rules.classify(drift), drift.resource(), past);
        SecondOpinion.Result reviewed = secondOpinion.review(drift, weighed.classification(), weighed.similar());
        return new Outcome(reviewed.classification(), signature, weighed.similar(), reviewed.outcome());
    }
}
