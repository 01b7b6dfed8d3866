package io.homeostat.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a sample. */
final class Percentiles {

    private final List<Double> sorted;

    Percentiles(List<Double> sample) {
        this.sorted = new ArrayList<>(sample);
        Collections.sort(sorted);
    }

    /** The value at or below which {@code p} percent of the sample lies; NaN for an empty sample. */
    double at(double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    int size() {
        return sorted.size();
    }
}
