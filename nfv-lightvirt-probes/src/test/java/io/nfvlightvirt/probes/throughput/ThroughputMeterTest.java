package io.nfvlightvirt.probes.throughput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ThroughputMeterTest {
    @Test
    void thePortFollowsTheMethodAndDirection() {
        assertThat(ThroughputMeter.builder().target("10.217.1.2").build().port()).isEqualTo(5201);
        assertThat(ThroughputMeter.builder().target("10.217.1.2").plainTcp().build().port()).isEqualTo(9);
        assertThat(ThroughputMeter.builder().target("10.217.1.2").plainTcp().direction(Direction.RX).build().port())
                .isEqualTo(19);
        assertThat(ThroughputMeter.builder().target("10.217.1.2").port(7000).plainTcp().build().port()).isEqualTo(7000);
    }

    @Test
    void iperf3DurationsAreWholeSeconds() {
        assertThatThrownBy(() -> ThroughputMeter.builder().duration(Duration.ofMillis(1500)))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("duration").hasMessageContaining("whole");
    }

    @Test
    void otherBadValuesNameTheField() {
        assertThatThrownBy(() -> ThroughputMeter.builder().parallel(0)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("parallel 0");
        assertThatThrownBy(() -> ThroughputMeter.builder().target("guest")).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("target 'guest'");
        assertThatThrownBy(() -> ThroughputMeter.builder().blockSize(10)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("blockSize");
        assertThatThrownBy(() -> ThroughputMeter.builder().build()).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("target");
    }

    @Test
    void theFigureIsReceivedBitsPerReceiverSecond() {
        ThroughputResult r = new ThroughputResult(ThroughputMethod.IPERF3, Direction.TX, "10.217.1.2:5201", 1,
                Duration.ofSeconds(2), 1_000_000_000L, Duration.ofSeconds(2), 750_000_000L, Duration.ofSeconds(2),
                List.of(new IntervalSample(Duration.ZERO, Duration.ofSeconds(1), 125_000_000L)), OptionalLong.empty());
        assertThat(r.gbps()).isEqualTo(3.0);
        assertThat(r.senderGbps()).isEqualTo(4.0);
        assertThat(r.intervals().get(0).gbps()).isEqualTo(1.0);
        assertThat(r.describe()).startsWith("iperf3 TX to 10.217.1.2:5201, 1 stream, 2.0 s: 3.000 Gbit/s received");
    }
}
