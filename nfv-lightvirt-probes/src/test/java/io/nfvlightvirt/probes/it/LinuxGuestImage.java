package io.nfvlightvirt.probes.it;

import io.nfvlightvirt.probes.internal.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Tinyx-like Linux guest for QEMU: Debian's cloud kernel and an initramfs with busybox, iperf3
 * and the virtio-net modules, whose init sets the address, starts {@code iperf3 -s} and prints
 * {@link #READY} on the serial console.
 */
final class LinuxGuestImage {
    static final String READY = "NFVLV-GUEST-READY";
    /** Load order from the host notes. */
    static final List<String> MODULES = List.of("virtio_ring", "virtio", "virtio_pci_modern_dev",
            "virtio_pci_legacy_dev", "virtio_pci", "failover", "net_failover", "virtio_net");

    private LinuxGuestImage() {}

    /** @return the newest /boot/vmlinuz-*-cloud-amd64, if installed */
    static Optional<Path> cloudKernel() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/boot"))) {
            return s.filter(p -> p.getFileName().toString().matches("vmlinuz-.*-cloud-amd64"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }

    /**
     * @param kernel the kernel image
     * @param guestCidr the guest's address, e.g. 10.217.7.2/24
     * @param target where to write the gzip'ed initramfs
     */
    static void writeInitramfs(Path kernel, String guestCidr, Path target) throws IOException {
        String version = kernel.getFileName().toString().substring("vmlinuz-".length());
        GuestFiles g = GuestFiles.busyboxAndIperf3();
        for (String m : MODULES) {
            Path ko = Path.of(Command.run(Duration.ofSeconds(20), "modinfo", "-k", version, "-F", "filename", m).strip());
            byte[] content = ko.toString().endsWith(".xz")
                    ? Command.run(Duration.ofSeconds(20), "xz", "-dc", ko.toString()).getBytes(StandardCharsets.ISO_8859_1)
                    : Files.readAllBytes(ko);
            g.file("/lib/modules/" + m + ".ko", content, 0644);
        }
        String init = "#!/bin/sh\n"
                + "/bin/busybox mount -t proc proc /proc\n"
                + "/bin/busybox mount -t sysfs sysfs /sys\n"
                + "/bin/busybox mount -t devtmpfs devtmpfs /dev\n"
                + "/bin/busybox --install -s /bin\n"
                + "export PATH=/bin:/usr/bin\n"
                + "for m in " + String.join(" ", MODULES) + "; do insmod /lib/modules/$m.ko || echo insmod $m failed; done\n"
                + "ip link set lo up\n"
                + "ip addr add " + guestCidr + " dev eth0\n"
                + "ip link set eth0 up\n"
                + "/usr/bin/iperf3 -s -D\n"
                + "i=0; while ! netstat -ltn | grep -q ':5201 '; do sleep 0.1; i=$((i+1)); [ $i -gt 300 ] && break; done\n"
                + "echo " + READY + "\n"
                + "while true; do sleep 3600; done\n";
        g.file("/init", init.getBytes(StandardCharsets.US_ASCII), 0755);
        g.writeInitramfs(target);
    }
}
