package io.nfvlightvirt.probes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.probes.CaptureAccessException;
import io.nfvlightvirt.probes.GuestNotOnLinkException;
import io.nfvlightvirt.probes.ProbeTimeoutException;
import io.nfvlightvirt.probes.boot.BootDetector;
import io.nfvlightvirt.probes.boot.BootWatch;
import io.nfvlightvirt.probes.calibration.VethRig;
import io.nfvlightvirt.probes.internal.Command;
import io.nfvlightvirt.probes.rtt.RttMeter;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The specific errors: no CAP_NET_RAW, a link without the guest, a guest that is there but silent. */
@Tag("pcap")
class ProbeErrorsIT {
    private static final String ABSENT_MAC = "02:17:de:ad:00:99";
    private static VethRig rig;

    @BeforeAll
    static void rig() {
        Host.requireRawNetworkingAnd("ip");
        rig = VethRig.create(false);
    }

    @AfterAll
    static void removeRig() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void withoutCapNetRawBothPcapProbesSaySoAndHowToGrantIt() {
        Host.requireRawNetworkingAnd("setpriv");
        String java = ProcessHandle.current().info().command().orElse("java");
        String out = Command.run(Duration.ofSeconds(60), "setpriv", "--bounding-set=-net_raw", "--inh-caps=-net_raw",
                java, "-cp", System.getProperty("java.class.path"), WithoutNetRawMain.class.getName(), rig.hostLink(),
                rig.farAddress(), rig.farMac());

        assertThat(out).contains("boot: " + CaptureAccessException.class.getName())
                .contains("rtt: " + CaptureAccessException.class.getName())
                .contains("link '" + rig.hostLink() + "'").contains("CAP_NET_RAW").contains("setcap cap_net_raw");
    }

    @Test
    void aBootWatchOnALinkWithoutTheGuestNamesLinkAddressAndWait() {
        BootDetector d = BootDetector.builder().link(rig.hostLink()).target(rig.farAddress(), ABSENT_MAC)
                .timeout(Duration.ofMillis(500)).build();
        try (BootWatch w = d.start()) {
            assertThatThrownBy(w::awaitFirstAnswer)
                    .isInstanceOf(GuestNotOnLinkException.class)
                    .hasMessageContaining("link '" + rig.hostLink() + "'")
                    .hasMessageContaining(rig.farAddress() + ":80")
                    .hasMessageContaining(ABSENT_MAC)
                    .hasMessageContaining("ms after")
                    .hasMessageContaining("not on this link");
        }
    }

    @Test
    void aGuestThatIsOnTheLinkButDoesNotAnswerTimesOutNamingIt() {
        // the far end has no address yet: it ignores the SYNs, but its IPv6 stack sends frames
        BootDetector d = BootDetector.builder().link(rig.hostLink()).target(rig.farAddress(), rig.farMac())
                .timeout(Duration.ofSeconds(3)).build();
        Command.run(Duration.ofSeconds(10), "ip", "-n", rig.netns(), "link", "set", rig.farLink(), "down");
        Command.run(Duration.ofSeconds(10), "ip", "-n", rig.netns(), "link", "set", rig.farLink(), "up");
        try (BootWatch w = d.start()) {
            assertThatThrownBy(w::awaitFirstAnswer)
                    .isInstanceOf(ProbeTimeoutException.class)
                    .isNotInstanceOf(GuestNotOnLinkException.class)
                    .hasMessageContaining("no RST or SYN-ACK from " + rig.farAddress() + ":80")
                    .hasMessageContaining("were seen");
        }
    }

    @Test
    void anRttMeterOnALinkWithoutTheGuestSaysSo() {
        assertThatThrownBy(() -> RttMeter.builder().link(rig.hostLink()).target(rig.farAddress(), ABSENT_MAC).count(5)
                .replyTimeout(Duration.ofMillis(200)).build().measure())
                .isInstanceOf(GuestNotOnLinkException.class)
                .hasMessageContaining("no echo reply from " + rig.farAddress())
                .hasMessageContaining("link '" + rig.hostLink() + "'");
        String nobody = rig.address(99);
        assertThatThrownBy(() -> RttMeter.builder().link(rig.hostLink()).target(nobody).count(5).build().measure())
                .isInstanceOf(GuestNotOnLinkException.class).hasMessageContaining("no ARP reply for " + nobody);
    }

}
