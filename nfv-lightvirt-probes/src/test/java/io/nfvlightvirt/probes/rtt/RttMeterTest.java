package io.nfvlightvirt.probes.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.probes.UnknownLinkException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RttMeterTest {
    @Test
    void invalidSettingsAreRefusedWithFieldAndRule() {
        RttMeter.Builder b = RttMeter.builder();
        assertThatThrownBy(() -> b.count(0)).isInstanceOf(InvalidSpecException.class).hasMessageContaining("count 0");
        assertThatThrownBy(() -> b.payloadBytes(4)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("payloadBytes");
        assertThatThrownBy(() -> b.interval(Duration.ofNanos(1))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> b.target("10.217.1.2", "zz:zz")).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("target.mac");
        assertThatThrownBy(() -> RttMeter.builder().link("br0").build()).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("target");
    }

    @Test
    void measuringOnALinkThatDoesNotExistNamesIt() {
        assertThatThrownBy(() -> RttMeter.builder().link("nfvlvnosuch0").target("10.217.1.2").build().measure())
                .isInstanceOf(UnknownLinkException.class).hasMessageContaining("nfvlvnosuch0");
    }

    @Test
    void lossIsTheShareOfUnansweredRequests() {
        RttStats none = RttStats.of(new long[0], 0);
        RttResult r = new RttResult("br0", "10.217.1.2", "02:42:0a:d9:01:02", RttMode.FLOOD, Optional.empty(), 200,
                150, 0, none, none, Duration.ofSeconds(1), List.of());
        assertThat(r.loss()).isEqualTo(0.25);
        assertThat(r.describe()).contains("200 transmitted, 150 received, 25.0% loss");
    }
}
