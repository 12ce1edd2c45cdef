package io.nfvlightvirt.probes.it;

import io.nfvlightvirt.Phase;
import io.nfvlightvirt.probes.boot.BootDetector;
import io.nfvlightvirt.probes.boot.BootResult;
import io.nfvlightvirt.probes.boot.BootWatch;
import io.nfvlightvirt.probes.calibration.Subnets;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Unikraft nfvsink unikernel (lwIP; HTTP 8123, discard 9, chargen 19; no iperf3) booted by
 * {@code qemu-system-x86_64 -accel tcg} on a tap this test creates: boot detector vs tcpdump, RTT
 * meter vs ping -f, plain-TCP throughput vs dd piped through busybox nc.
 */
@Tag("pcap")
@Tag("qemu")
class UnikernelGroundTruthIT {
    private static final int BOOTS = 5;
    private static final Path NFVSINK = io.nfvlightvirt.testkit.SharedGuests.nfvsinkQemu()
            .orElse(Path.of("shared", io.nfvlightvirt.testkit.SharedGuests.NFVSINK_QEMU));

    @Test
    void bootRttAndPlainTcpThroughputAgreeWithTcpdumpPingAndDd() throws Exception {
        Host.requireRawNetworkingAnd("tcpdump", "ping", "ip", "qemu-system-x86_64", "bash", "dd", "timeout",
                "/bin/busybox");
        EngineRequirement.require(Files.isReadable(NFVSINK), "no nfvsink unikernel at " + NFVSINK
                + ": " + io.nfvlightvirt.testkit.SharedGuests.howToGive());
        try (Cleanup cleanup = new Cleanup()) {
            String id = Host.hex(3);
            int n = Subnets.freeSlash24();
            String tap = "nfvlvp" + id + "t";
            String ip = Subnets.address(n, 2);
            String mac = String.format("52:54:00:d9:%02x:02", n);
            Path dir = Files.createTempDirectory("nfvlvp-uk");
            cleanup.push("temp dir " + dir, () -> Host.run(Duration.ofSeconds(30), "rm", "-rf", dir.toString()));
            Taps.create(cleanup, tap, Subnets.address(n, 1) + "/24");
            String append = "netdev.ip=" + ip + "/24:" + Subnets.address(n, 1) + " --";

            BootDetector detector = BootDetector.builder().link(tap).target(ip, mac).port(80)
                    .interval(Duration.ofMillis(10)).timeout(Duration.ofSeconds(60)).build();
            List<BootResult> boots = new ArrayList<>();
            QemuGuest guest = null;
            try (Tcpdump td = Tcpdump.start(tap, "tcp and src host " + ip + " and (tcp[tcpflags] & tcp-rst != 0 or"
                    + " tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack))")) {
                for (int i = 0; i < BOOTS; i++) {
                    if (guest != null) {
                        guest.close();
                    }
                    try (BootWatch watch = detector.prepare()) {
                        watch.begin(Instant.now());
                        guest = QemuGuest.start(NFVSINK, null, append, tap, mac, 64, dir.resolve("console-" + i + ".log"));
                        QemuGuest started = guest;
                        cleanup.push("qemu pid " + guest.pid(), started::close);
                        watch.record(Phase.STARTED);
                        boots.add(watch.awaitFirstAnswer());
                    }
                }
                GroundTruth.bootsAgreeWithTcpdump("nfvsink", boots, td);
            }
            GroundTruth.rttAgreesWithPing("nfvsink", tap, ip, mac, 1000, 9);
            GroundTruth.plainTcpAgreesWithDdAndNc("nfvsink", ip, 3, 7);
        }
    }
}
