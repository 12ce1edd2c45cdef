package io.nfvlightvirt.probes.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Repeated measurements of one quantity, summarised: count, minimum, median, 95th percentile
 * (nearest rank) and maximum. The raw samples are kept so a report can show them.
 *
 * @param n number of samples
 * @param min smallest sample
 * @param median median sample (mean of the two middle ones for an even count)
 * @param p95 95th percentile by nearest rank
 * @param max largest sample
 * @param samples every sample, in the order measured
 */
public record Summary(int n, double min, double median, double p95, double max, List<Double> samples) {

    /** Copies the samples. */
    public Summary {
        samples = List.copyOf(samples);
    }

    /**
     * @param samples at least one sample
     * @return their summary
     * @throws IllegalArgumentException when there are no samples or one is not finite
     */
    public static Summary of(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a summary needs at least one sample");
        }
        List<Double> sorted = new ArrayList<>(samples);
        for (Double d : sorted) {
            if (d == null || !Double.isFinite(d)) {
                throw new IllegalArgumentException("samples must be finite numbers, got " + d);
            }
        }
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        int rank = (int) Math.ceil(0.95 * n);
        double p95 = sorted.get(Math.max(0, rank - 1));
        return new Summary(n, sorted.get(0), median, p95, sorted.get(n - 1), samples);
    }
}
