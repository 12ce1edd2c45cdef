package io.nfvlightvirt.probes.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RttStatsTest {
    @Test
    void minAvgMaxAndMdevAreComputedAsPingDoes() {
        // ping: mdev = sqrt(mean(x^2) - mean(x)^2); for 10, 20, 30, 40 us: mean 25, mdev sqrt(750 - 625) = 11.18
        long[] us = {10_000, 20_000, 30_000, 40_000};
        RttStats s = RttStats.of(us, 4);

        assertThat(s.count()).isEqualTo(4);
        assertThat(s.min()).isEqualTo(Duration.ofNanos(10_000));
        assertThat(s.avg()).isEqualTo(Duration.ofNanos(25_000));
        assertThat(s.max()).isEqualTo(Duration.ofNanos(40_000));
        assertThat(s.mdev().toNanos()).isBetween(11_180L, 11_181L);
        assertThat(s.describe()).isEqualTo("min/avg/max/mdev = 0.010/0.025/0.040/0.011 ms");
    }

    @Test
    void onlyTheFirstNValuesCount() {
        assertThat(RttStats.of(new long[] {5, 7, 1_000_000}, 2).max()).isEqualTo(Duration.ofNanos(7));
    }

    @Test
    void noRoundTripsGiveZeros() {
        assertThat(RttStats.of(new long[0], 0)).isEqualTo(
                new RttStats(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }
}
