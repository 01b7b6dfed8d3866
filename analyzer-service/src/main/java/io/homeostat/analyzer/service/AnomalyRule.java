package io.homeostat.analyzer.service;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.LogEvidence;
import io.homeostat.runtime.untrusted.UntrustedText;
import java.util.Locale;

/**
 * The rule for drift.detected with trigger LOG_ANOMALY: always ANOMALY, never anything that could run on its own.
 * Severity follows the detector's failure likelihood (5 below even odds, 6 up to 0.9, 7 above); the rationale
 * carries the evidence, every piece of log text quoted as untrusted.
 */
final class AnomalyRule {

    private AnomalyRule() {}

    static Classification classify(LogEvidence e) {
        int severity = e.failureLikelihood() > 0.9 ? 7 : e.failureLikelihood() >= 0.5 ? 6 : 5;
        String rationale = String.format(Locale.ROOT,
                "log source %s: pattern %s seen %d times in %d s against a usual %.1f ± %.1f (z %.1f); failure likelihood %.2f%s",
                UntrustedText.quote(e.source()), UntrustedText.quote(e.pattern()), e.count(), e.bucketSeconds(), e.baselineMean(),
                e.baselineStdDev(), e.zScore(), e.failureLikelihood(),
                e.samples().isEmpty() ? "" : "; e.g. " + UntrustedText.quote(e.samples().get(0)));
        // Confidence is in the classification (the rate did depart), not in the failure, which the likelihood states.
        return new Classification(Classification.Kind.ANOMALY, severity, 0.8, rationale, RuleClassifier.NAME);
    }
}
