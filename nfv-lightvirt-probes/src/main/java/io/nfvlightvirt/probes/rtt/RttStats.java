package io.nfvlightvirt.probes.rtt;

import java.time.Duration;
import java.util.Locale;

/**
 * Summary of a set of round trips, as {@code ping} prints it.
 *
 * @param count how many round trips
 * @param min the shortest
 * @param avg the mean
 * @param max the longest
 * @param mdev the standard deviation, {@code ping}'s "mdev": sqrt(mean of squares - square of mean)
 */
public record RttStats(long count, Duration min, Duration avg, Duration max, Duration mdev) {

    /**
     * @param nanos round trips in nanoseconds, of which the first {@code n} count
     * @param n how many
     * @return their summary; all zero when {@code n == 0}
     */
    public static RttStats of(long[] nanos, int n) {
        if (n == 0) {
            return new RttStats(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        double sum = 0;
        double sum2 = 0;
        for (int i = 0; i < n; i++) {
            long v = nanos[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sum2 += (double) v * v;
        }
        double avg = sum / n;
        double var = Math.max(0, sum2 / n - avg * avg);
        return new RttStats(n, Duration.ofNanos(min), Duration.ofNanos(Math.round(avg)), Duration.ofNanos(max),
                Duration.ofNanos(Math.round(Math.sqrt(var))));
    }

    /** @return {@code min/avg/max/mdev = a/b/c/d ms}, with microsecond digits */
    public String describe() {
        return String.format(Locale.ROOT, "min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms", ms(min), ms(avg), ms(max),
                ms(mdev));
    }

    static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
