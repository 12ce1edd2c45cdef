package io.nfvlightvirt.probes.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.probes.UnknownLinkException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootDetectorTest {
    private static BootDetector.Builder valid() {
        return BootDetector.builder().link("nfvlvbr0").target("10.217.1.2", "02:42:0a:d9:01:02");
    }

    @Test
    void sendTimesGrowPastAJumpOfRefusedSends() {
        // seen in a run: a Debian guest took 16 s to read its tap, 2459 SYNs were refused, then one went out
        long[] a = new long[1024];
        long[] b = BootWatch.withRoomFor(a, 2459, 1 << 20);
        assertThat(b.length).isGreaterThan(2459);
        assertThat(BootWatch.withRoomFor(b, 10, 1 << 20)).isSameAs(b);
        assertThat(BootWatch.withRoomFor(a, 1024, 1 << 20)).hasSize(2048);
        assertThat(BootWatch.withRoomFor(a, 5000, 4096)).hasSize(4096);
    }

    @Test
    void defaultsAreTenMillisecondsPortEightyAndOneMinute() {
        BootDetector d = valid().build();
        assertThat(d.interval()).isEqualTo(Duration.ofMillis(10));
        assertThat(d.port()).isEqualTo(80);
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.targetMac()).isEqualTo("02:42:0a:d9:01:02");
        assertThat(d.source()).isEmpty();
    }

    @Test
    void aMissingLinkOrTargetIsNamed() {
        assertThatThrownBy(() -> BootDetector.builder().target("10.217.1.2", "02:42:0a:d9:01:02").build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("link");
        assertThatThrownBy(() -> BootDetector.builder().link("x").build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("target");
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> valid().interval(Duration.ofNanos(50_000)))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("interval")
                .hasMessageContaining("100 µs and 10 s");
        assertThatThrownBy(() -> valid().port(0)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("port 0");
        assertThatThrownBy(() -> valid().timeout(Duration.ofHours(2))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> valid().link("a-name-longer-than-15")).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("link");
    }

    @Test
    void aCreateInstantInTheFutureIsRefusedBeforeAnythingIsOpened() {
        assertThatThrownBy(() -> valid().build().start(Instant.now().plusSeconds(60)))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("createCalled");
    }

    @Test
    void startingOnALinkThatDoesNotExistNamesIt() {
        assertThatThrownBy(() -> BootDetector.builder().link("nfvlvnosuch0").target("10.217.1.2", "02:42:0a:d9:01:02")
                .build().start())
                .isInstanceOf(UnknownLinkException.class).hasMessageContaining("nfvlvnosuch0");
    }

    @Test
    void theResultCountsFromCreateCalledAndGivesEachPhase() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        BootResult r = new BootResult("br0", "10.217.1.2:80", "02:42:0a:d9:01:02", "10.217.1.1:40000", t0,
                t0.plusMillis(12), t0.plusMillis(13), t0.plusMillis(640), AnswerKind.RST, 63, 0, 62,
                Optional.of(t0.plusMillis(639)), Duration.ofMillis(10),
                Map.of(Phase.CREATED, t0.plusMillis(12), Phase.STARTED, t0.plusMillis(600)), Duration.ofMillis(3), true);

        assertThat(r.instantiationTime()).isEqualTo(Duration.ofMillis(640));
        assertThat(r.offset(Phase.STARTED)).contains(Duration.ofMillis(600));
        assertThat(r.offset(Phase.START_CALLED)).isEmpty();
        assertThat(r.answerLatency()).contains(Duration.ofMillis(1));
        assertThat(r.describe()).contains("RST from 10.217.1.2:80 on br0: 640.000 ms").contains("created 12.000")
                .contains("started 600.000").contains("63 SYNs");
    }
}
