package io.nfvlightvirt.probes.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.Phase;
import io.nfvlightvirt.probes.boot.AnswerKind;
import io.nfvlightvirt.probes.boot.BootDetector;
import io.nfvlightvirt.probes.boot.BootResult;
import io.nfvlightvirt.probes.boot.BootWatch;
import io.nfvlightvirt.probes.calibration.VethRig;
import io.nfvlightvirt.probes.internal.Command;
import io.nfvlightvirt.probes.rtt.RttMeter;
import io.nfvlightvirt.probes.rtt.RttMode;
import io.nfvlightvirt.probes.rtt.RttResult;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The probes against a bare Linux stack in a namespace (a {@link VethRig}). */
@Tag("pcap")
class ProbesOnVethRigIT {
    private static VethRig rig;

    @BeforeAll
    static void rig() {
        Host.requireRawNetworkingAnd("ip", "iperf3");
        rig = VethRig.create(true);
    }

    @AfterAll
    static void removeRig() {
        if (rig != null) {
            rig.close();
        }
    }

    private static BootDetector.Builder detector() {
        return BootDetector.builder().link(rig.hostLink()).target(rig.farAddress(), rig.farMac())
                .timeout(Duration.ofSeconds(10));
    }

    @Test
    void aSourceAddressTheHostDoesNotOwnWorksBecauseTheWatchAnswersArpForIt() {
        String foreign = rig.address(77);
        try (BootWatch w = detector().source(foreign).build().start()) {
            BootResult r = w.awaitFirstAnswer();
            assertThat(r.answer()).isEqualTo(AnswerKind.RST);
            assertThat(r.source()).startsWith(foreign + ":");
        }
    }

    @Test
    void aListeningPortAnswersWithSynAck() throws Exception {
        Process server = new ProcessBuilder("ip", "netns", "exec", rig.netns(), "iperf3", "-s", "-p", "8080")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitListening(8080);
            try (BootWatch w = detector().port(8080).build().start()) {
                BootResult r = w.awaitFirstAnswer();
                assertThat(r.answer()).isEqualTo(AnswerKind.SYN_ACK);
                assertThat(r.target()).isEqualTo(rig.farAddress() + ":8080");
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStackThatComesUpLaterIsSeenOnlyAfterItCameUpWithTheRecordedPhases() throws Exception {
        rig.farAddressDown();
        try (BootWatch w = detector().build().prepare()) {
            Instant createCalled = Instant.now();
            w.begin(createCalled);
            w.record(Phase.CREATED);
            Thread.sleep(300); // the "guest" boots: its stack gets an address only now
            Instant beforeUp = Instant.now();
            rig.farAddressUp();
            w.record(Phase.STARTED);
            BootResult r = w.awaitFirstAnswer();

            assertThat(r.firstAnswer()).isAfter(beforeUp);
            assertThat(r.createCalled()).isEqualTo(createCalled);
            assertThat(r.synsSent()).isGreaterThan(1);
            assertThat(r.answeredSyn()).isBetween(1L, r.synsSent() - 1);
            assertThat(r.offset(Phase.CREATED)).isPresent();
            // the RST may be captured before the `ip addr add` process has returned: no order to STARTED
            assertThat(r.offset(Phase.STARTED).orElseThrow()).isGreaterThan(Duration.ofMillis(300));
            assertThat(r.detectorCpuTime()).isPositive();
            assertThat(r.nanosecondTimestamps()).isTrue();
        } finally {
            if (!Command.run(Duration.ofSeconds(10), "ip", "-n", rig.netns(), "-4", "addr", "show", rig.farLink())
                    .contains(rig.farAddress())) {
                rig.farAddressUp();
            }
        }
    }

    @Test
    void theRttMeterAlsoPacesAtAFixedInterval() {
        RttResult r = RttMeter.builder().link(rig.hostLink()).target(rig.farAddress()).count(50)
                .interval(Duration.ofMillis(2)).build().measure();
        assertThat(r.mode()).isEqualTo(RttMode.INTERVAL);
        assertThat(r.received()).isEqualTo(50);
        assertThat(r.targetMac()).isEqualTo(rig.farMac());
        assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(98));
        assertThat(r.rtt().min()).isPositive();
        assertThat(r.wireRtt().min()).isPositive().isLessThanOrEqualTo(r.rtt().min());
    }

    private static void awaitListening(int port) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - until < 0) {
            String ss = Command.exec(Duration.ofSeconds(10), "ip", "netns", "exec", rig.netns(), "ss", "-ltn").stdout();
            if (ss.contains(":" + port + " ")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("iperf3 -s did not listen on port " + port + " in " + rig.netns());
    }
}
