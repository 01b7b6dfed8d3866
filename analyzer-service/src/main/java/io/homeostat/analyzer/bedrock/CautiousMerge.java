package io.homeostat.analyzer.bedrock;

import io.homeostat.analyzer.service.RuleClassifier;
import io.homeostat.model.events.Classification;
import io.homeostat.runtime.untrusted.UntrustedText;

/**
 * Folds a model's opinion into the rules' verdict so that it can only make Homeostat more cautious: confidence is
 * the lower of the two, severity the higher, the class stays the rules' (a class change could turn a report into a
 * repair), and when the model reads the class differently confidence drops to at most {@value #DISAGREEMENT_CAP} —
 * under the approval threshold, so a person decides. The model's rationale is appended as quoted, untrusted text.
 */
public final class CautiousMerge {

    static final double DISAGREEMENT_CAP = 0.5;
    static final int RATIONALE_SHOWN = 300;

    private CautiousMerge() {}

    public static Classification merge(Classification rules, ModelOpinion opinion, String modelId) {
        double confidence = Math.min(rules.confidence(), opinion.confidence());
        StringBuilder rationale = new StringBuilder(rules.rationale()).append(". Second opinion (")
                .append(UntrustedText.quote(modelId, 80)).append("): ");
        if (opinion.kind() != rules.kind()) {
            confidence = Math.min(confidence, DISAGREEMENT_CAP);
            rationale.append("reads it as ").append(opinion.kind()).append(", kept ").append(rules.kind())
                    .append(" and lowered confidence; ");
        }
        rationale.append(UntrustedText.quote(opinion.rationale(), RATIONALE_SHOWN));
        return new Classification(rules.kind(), Math.max(rules.severity(), opinion.severity()), confidence,
                rationale.toString(), analyzerName(modelId));
    }

    /** What the incident records as the analyzer that decided. */
    public static String analyzerName(String modelId) {
        return RuleClassifier.NAME + "+bedrock:" + modelId;
    }
}
