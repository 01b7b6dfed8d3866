package io.homeostat.detector.logs;

/**
 * A pattern's usual count per bucket, as an exponentially weighted mean and variance, and the rule that calls a
 * bucket's count an anomaly. Pure arithmetic: the tests feed it recorded series.
 *
 * <p>The spread used for the z-score is never below the Poisson noise of the mean ({@code sqrt(max(mean, 1))}), so
 * a pattern that was perfectly steady (variance 0) is not alarmed by one extra error, and a pattern never seen
 * before (mean 0) needs {@code minCount} occurrences, not one.
 */
public record RateBaseline(double mean, double variance, long buckets) {

    public static final RateBaseline NEW = new RateBaseline(0, 0, 0);

    /** The rule's knobs (see {@code homeostat.detector.logs.*}). */
    public record Rule(double zThreshold, long minCount, double alpha) {

        public Rule {
            if (zThreshold <= 0 || minCount < 1 || alpha <= 0 || alpha > 1) {
                throw new IllegalArgumentException("need z-threshold > 0, min-count >= 1 and 0 < alpha <= 1; got "
                        + zThreshold + ", " + minCount + ", " + alpha);
            }
        }
    }

    /** The judgement of one bucket against the baseline before it. */
    public record Verdict(boolean anomaly, double zScore, double spread, double failureLikelihood) {}

    public double spread() {
        return Math.max(Math.sqrt(Math.max(variance, 0)), Math.sqrt(Math.max(mean, 1)));
    }

    /**
     * @param warm whether the source has been learned long enough to raise anything
     */
    public Verdict judge(long count, Rule rule, boolean warm) {
        double z = (count - mean) / spread();
        boolean anomaly = warm && count >= rule.minCount() && z >= rule.zThreshold();
        return new Verdict(anomaly, z, spread(), likelihood(z, rule.zThreshold()));
    }

    /**
     * A rough chance that the departure precedes a failure: a logistic curve that is one half at the threshold and
     * nears one as the z-score doubles it. A heuristic for ranking, stated as such wherever it is shown.
     */
    static double likelihood(double z, double threshold) {
        double p = 1 / (1 + Math.exp(-(z - threshold) / (threshold / 2)));
        return Math.round(p * 100) / 100.0;
    }

    /** The baseline after folding in one more bucket (West's incremental EWMA mean and variance). */
    public RateBaseline next(long count, double alpha) {
        double diff = count - mean;
        double increment = alpha * diff;
        return new RateBaseline(mean + increment, (1 - alpha) * (variance + diff * increment), buckets + 1);
    }
}
