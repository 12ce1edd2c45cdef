package io.nfvlightvirt.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChartWriterTest {
    @Test
    void barLabelsKeepFourSignificantDigits() {
        assertThat(ChartWriter.significant(14102.992, 4)).isEqualTo(14103.0);
        assertThat(ChartWriter.significant(801.758, 4)).isEqualTo(801.8);
        assertThat(ChartWriter.significant(0.006123, 4)).isEqualTo(0.006123);
        assertThat(ChartWriter.significant(0.43912, 4)).isEqualTo(0.4391);
        assertThat(ChartWriter.significant(0, 4)).isZero();
    }
}
