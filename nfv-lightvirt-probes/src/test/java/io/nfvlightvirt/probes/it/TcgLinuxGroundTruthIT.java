package io.nfvlightvirt.probes.it;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.libvirt.image.GuestContract;
import io.nfvlightvirt.libvirt.image.GuestImages;
import io.nfvlightvirt.libvirt.image.TinyxFlavor;
import io.nfvlightvirt.libvirt.image.TinyxImage;
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
 * The library's Tinyx guest on Debian's cloud kernel (busybox/iperf3 initramfs, from the image
 * cache, built there when missing) booted by
 * {@code qemu-system-x86_64 -accel tcg} on a tap this test creates: boot detector vs tcpdump, RTT
 * meter vs ping -f, throughput meter vs the iperf3 client.
 */
@Tag("pcap")
@Tag("qemu")
class TcgLinuxGroundTruthIT {
    private static final int BOOTS = 3;
    /** What the Tinyx init prints once iperf3 listens (GuestInit). */
    private static final String TINYX_READY = "nfvlv: ready";

    @Test
    void bootRttAndThroughputAgreeWithTcpdumpPingAndIperf3() throws Exception {
        Host.requireRawNetworkingAnd("tcpdump", "ping", "iperf3", "ip", "qemu-system-x86_64", "/bin/busybox");
        TinyxImage image;
        try {
            image = new GuestImages(GuestImages.defaultCacheDir()).tinyx(TinyxFlavor.DEBIAN_CLOUD_KERNEL,
                    step -> System.out.println("[images] " + step));
        } catch (BackendUnavailableException e) {
            // a host that lacks what the image needs (a tool, apt's lists): skipped, or failed under CI=true
            EngineRequirement.require(false, "no Tinyx cloud-kernel image: " + e.getMessage());
            return;
        }
        try (Cleanup cleanup = new Cleanup()) {
            String id = Host.hex(3);
            int n = Subnets.freeSlash24();
            String tap = "nfvlvp" + id + "t";
            String ip = Subnets.address(n, 2);
            String mac = String.format("52:54:00:d9:%02x:02", n);
            Path dir = Files.createTempDirectory("nfvlvp-tcg");
            cleanup.push("temp dir " + dir, () -> Host.run(Duration.ofSeconds(30), "rm", "-rf", dir.toString()));
            // QEMU gets private copies, never the cache's files
            Path kernel = Files.copy(image.kernel(), dir.resolve("vmlinuz"));
            Path initrd = Files.copy(image.initramfs(), dir.resolve("initramfs.cpio.xz"));
            String cmdline = GuestContract.TINYX_QEMU_CMDLINE + " quiet loglevel=3 " + GuestContract.networkArguments(ip + "/24", null);
            GroundTruth.print("tcg-linux", image.provenance() + "; kernel " + Files.size(kernel) + " bytes, initramfs "
                    + Files.size(initrd) + " bytes");
            Taps.create(cleanup, tap, Subnets.address(n, 1) + "/24");

            BootDetector detector = BootDetector.builder().link(tap).target(ip, mac).port(80)
                    .interval(Duration.ofMillis(10)).timeout(Duration.ofSeconds(180)).build();
            List<BootResult> boots = new ArrayList<>();
            QemuGuest guest = null;
            try (Tcpdump td = Tcpdump.start(tap, "tcp and src host " + ip + " and (tcp[tcpflags] & tcp-rst != 0 or"
                    + " tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack))")) {
                for (int i = 0; i < BOOTS; i++) {
                    if (guest != null) {
                        guest.close();
                    }
                    // the tap exists before QEMU: open the capture first, count from QEMU's start
                    try (BootWatch watch = detector.prepare()) {
                        Instant createCalled = Instant.now();
                        watch.begin(createCalled);
                        guest = QemuGuest.start(kernel, initrd, cmdline, tap,
                                mac, 256, dir.resolve("console-" + i + ".log"));
                        QemuGuest started = guest;
                        cleanup.push("qemu pid " + guest.pid(), started::close);
                        watch.record(Phase.STARTED);
                        boots.add(watch.awaitFirstAnswer());
                    }
                }
                GroundTruth.bootsAgreeWithTcpdump("tcg-linux", boots, td);
            }
            guest.awaitConsole(TINYX_READY, Duration.ofSeconds(180));
            GroundTruth.rttAgreesWithPing("tcg-linux", tap, ip, mac, 1000, 9);
            GroundTruth.throughputAgreesWithIperf3("tcg-linux", ip, 3, 9);
        }
    }
}
