package io.nfvlightvirt.kvm;

import io.nfvlightvirt.libvirt.image.BuildProgress;
import io.nfvlightvirt.libvirt.image.DebianImage;
import io.nfvlightvirt.libvirt.image.TinyxImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * TEST-ONLY STAND-IN for the library's image builder ({@code GuestImages}, written in parallel on
 * another branch): a "Tinyx" made of the Debian cloud kernel from {@code /boot} plus a busybox
 * initramfs, and a "Debian" VM made of an ext4 qcow2 holding busybox, booted with the cloud kernel
 * and Debian's own initrd. Both follow the guest contract ({@code nfvlv.ip=}, {@code nfvlv.gw=},
 * console on ttyS0) but serve port 5201 with {@code busybox nc} instead of iperf3. Built once
 * into {@code target/stand-in-images} and reused.
 */
final class StandInImages implements GuestImageSource {
    static final List<String> MODULES = List.of("virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
            "virtio_pci", "failover", "net_failover", "virtio_net");

    private static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox mkdir -p /proc /sys /dev /tmp /usr/bin /usr/sbin /sbin
            /bin/busybox --install -s /bin
            [ -e /proc/self ] || mount -t proc proc /proc
            [ -e /sys/class ] || mount -t sysfs sys /sys
            [ -e /dev/null ] || mount -t devtmpfs dev /dev
            for m in %s; do
              grep -q "^$m " /proc/modules || insmod /lib/nfvlv-modules/$m.ko 2>/dev/null
            done
            ip=$(sed -n 's/.*nfvlv\\.ip=\\([^ ]*\\).*/\\1/p' /proc/cmdline)
            gw=$(sed -n 's/.*nfvlv\\.gw=\\([^ ]*\\).*/\\1/p' /proc/cmdline)
            ip link set lo up
            dev=$(ls /sys/class/net | grep -v '^lo$' | head -n 1)
            ip addr add "$ip" dev "$dev"
            ip link set "$dev" up
            [ -n "$gw" ] && ip route add default via "$gw"
            nc -ll -p 5201 -e /bin/cat &
            echo "nfvlv stand-in ready: $ip"
            exec sh -c 'while true; do sleep 3600; done'
            """;

    private final Path dir;

    StandInImages(Path dir) {
        this.dir = dir;
    }

    static StandInImages inTarget() {
        return new StandInImages(Path.of("target", "stand-in-images").toAbsolutePath());
    }

    /** @return the Debian cloud kernel in /boot, if installed */
    static Optional<Path> cloudKernel() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/boot"), "vmlinuz-*-cloud-amd64")) {
            for (Path p : ds) {
                return Optional.of(p);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static boolean available() {
        return cloudKernel().isPresent() && Files.exists(Path.of("/bin/busybox")) && Files.exists(Path.of("/usr/bin/cpio"))
                && Files.exists(Path.of("/sbin/mke2fs"));
    }

    private static String release(Path kernel) {
        return kernel.getFileName().toString().substring("vmlinuz-".length());
    }

    @Override
    public synchronized TinyxImage tinyx(BuildProgress progress) {
        Path kernel = cloudKernel().orElseThrow();
        String rel = release(kernel);
        Path out = dir.resolve("tinyx-" + rel);
        Path k = out.resolve("vmlinuz");
        Path initrd = out.resolve("initramfs.cpio.gz");
        if (!Files.exists(initrd)) {
            progress.step("building stand-in Tinyx initramfs for " + rel);
            Path root = out.resolve("root");
            populate(root, rel);
            copy(kernel, k);
            sh("cd '" + root + "' && find . | cpio -o -H newc --quiet | gzip -1 > '" + initrd + ".tmp' && mv '" + initrd + ".tmp' '"
                    + initrd + "'");
            readable(out);
        }
        return new TinyxImage(k, initrd, rel, "test stand-in: Debian cloud kernel + busybox initramfs");
    }

    @Override
    public synchronized DebianImage debian(BuildProgress progress) {
        Path kernel = cloudKernel().orElseThrow();
        String rel = release(kernel);
        Path out = dir.resolve("debian-" + rel);
        Path disk = out.resolve("disk.qcow2");
        Path k = out.resolve("vmlinuz");
        Path initrd = out.resolve("initrd.img");
        if (!Files.exists(disk)) {
            progress.step("building stand-in Debian disk for " + rel);
            Path root = out.resolve("root");
            populate(root, rel);
            try {
                Files.createDirectories(root.resolve("sbin"));
                Files.copy(root.resolve("init"), root.resolve("sbin/init"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            copy(kernel, k);
            copy(Path.of("/boot/initrd.img-" + rel), initrd);
            Path raw = out.resolve("disk.raw");
            sh("mke2fs -q -F -t ext4 -d '" + root + "' '" + raw + "' 64M && qemu-img convert -O qcow2 '" + raw + "' '" + disk
                    + ".tmp' && rm -f '" + raw + "' && mv '" + disk + ".tmp' '" + disk + "'");
            readable(out);
        }
        return new DebianImage(disk, k, initrd, "root=/dev/vda rw console=ttyS0", "test stand-in: ext4 busybox disk + Debian cloud kernel");
    }

    private static void populate(Path root, String rel) {
        try {
            Files.createDirectories(root.resolve("bin"));
            Files.createDirectories(root.resolve("lib/nfvlv-modules"));
            for (String d : List.of("proc", "sys", "dev", "tmp", "root", "etc", "run")) {
                Files.createDirectories(root.resolve(d));
            }
            copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
            for (String m : MODULES) {
                Path ko = find(Path.of("/lib/modules", rel, "kernel"), m + ".ko");
                copy(ko, root.resolve("lib/nfvlv-modules/" + m + ".ko"));
            }
            Path init = root.resolve("init");
            Files.writeString(init, INIT.formatted(String.join(" ", MODULES)), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path find(Path base, String file) throws IOException {
        try (var s = Files.walk(base)) {
            return s.filter(p -> p.getFileName().toString().equals(file)).findFirst()
                    .orElseThrow(() -> new IOException(file + " not found under " + base));
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(Files.isExecutable(from) ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readable(Path out) {
        sh("chmod -R a+rX '" + out + "'");
    }

    private static void sh(String script) {
        TestHost.Run r = TestHost.run("/bin/bash", "-c", "set -euo pipefail; " + script);
        if (r.exit() != 0) {
            throw new IllegalStateException("stand-in image build failed: " + script + "\n" + r.out());
        }
    }
}
