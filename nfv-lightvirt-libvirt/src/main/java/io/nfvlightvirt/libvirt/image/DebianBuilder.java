package io.nfvlightvirt.libvirt.image;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.OperationFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the standard VM: {@code debootstrap --variant=minbase} of Debian bookworm with a kernel,
 * systemd, iperf3 and the network script of {@link GuestInit}, made into an ext4 image with
 * {@code mke2fs -d} (no loop device, no mount) and converted to qcow2. The kernel and initrd are
 * copied out for direct kernel boot. Needs root (debootstrap chroots and creates device nodes).
 */
final class DebianBuilder {
    /** Part of every key: bump it when the build steps change what they produce. */
    static final String BUILDER_VERSION = "1";
    static final String SUITE = "bookworm";
    static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";
    /** Environment variable that overrides the mirror taken from the host's apt sources. */
    static final String MIRROR_VARIABLE = "NFV_LIGHTVIRT_DEBIAN_MIRROR";
    /** Packages on top of minbase (debootstrap installs no Recommends). */
    static final List<String> PACKAGES = List.of("systemd-sysv", "udev", "iproute2", "netbase", "iperf3", "linux-image-cloud-amd64");
    /**
     * The command line the image boots with; {@code net.ifnames=0} keeps the interface name eth0;
     * {@code quiet}, as a stock Debian install has it, keeps status lines off the serial console.
     */
    static final String KERNEL_CMDLINE = "root=/dev/vda rw console=ttyS0 net.ifnames=0 quiet";
    /** What is removed from the root file system to keep the image small (documentation, apt's caches). */
    static final List<String> PRUNED = List.of("usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/locale",
            "var/cache/apt", "var/lib/apt/lists", "var/log");
    /** Free space left in the file system, on top of 20 % of what the files use. */
    static final long HEADROOM_BYTES = 256L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(DebianBuilder.class);
    private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(60);

    private final ImageCache cache;
    private final Path aptDir;

    DebianBuilder(ImageCache cache, Path aptDir) {
        this.cache = cache;
        this.aptDir = aptDir;
    }

    /** @return the mirror to bootstrap from: the environment override, the host's apt sources, or deb.debian.org */
    String mirror() {
        String env = System.getenv(MIRROR_VARIABLE);
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        return AptSources.mirrorFor(aptDir, SUITE).orElse(DEFAULT_MIRROR);
    }

    DebianImage build(BuildProgress progress) {
        String netScript = GuestInit.debianNetworkScript();
        String netUnit = GuestInit.debianNetworkUnit();
        String iperfUnit = GuestInit.debianIperf3Unit();
        String hook = GuestInit.debianInitramfsHook();
        CacheKey key = CacheKey.of("debian-" + SUITE).part("builder", BUILDER_VERSION).part("suite", SUITE)
                .part("variant", "minbase").part("packages", String.join(",", PACKAGES))
                .part("net-script", netScript).part("net-unit", netUnit).part("iperf3-unit", iperfUnit)
                .part("initramfs-hook", hook).part("pruned", String.join(",", PRUNED))
                .part("headroom", Long.toString(HEADROOM_BYTES));
        String name = key.entryName();
        Path entry = cache.lookup(name).orElse(null);
        if (entry == null) {
            checkHost();
            String mirror = mirror();
            entry = cache.obtain(name, progress, (out, work, log) -> bootstrap(out, work, log, mirror, progress,
                    netScript, netUnit, iperfUnit, hook));
        }
        var m = ImageCache.manifest(entry);
        return new DebianImage(entry.resolve("disk.qcow2"), entry.resolve("vmlinuz"), entry.resolve("initrd.img"),
                KERNEL_CMDLINE, "debootstrap " + SUITE + " minbase + " + String.join(" ", PACKAGES) + " from "
                        + m.getProperty("mirror") + "; kernel " + m.getProperty("kernelRelease") + "; ext4 (mke2fs -d) as qcow2");
    }

    private static void checkHost() {
        if (!isRoot()) {
            throw new BackendUnavailableException("building the Debian image needs root (debootstrap chroots and makes device nodes); "
                    + "run as root once to fill the cache, or use an existing cache via NFV_LIGHTVIRT_CACHE");
        }
        Exec.require("debootstrap", "debootstrap");
        Exec.require("mke2fs", "e2fsprogs");
        Exec.require("qemu-img", "qemu-utils");
    }

    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private Map<String, String> bootstrap(Path out, Path work, Path log, String mirror, BuildProgress progress,
            String netScript, String netUnit, String iperfUnit, String hook) throws IOException {
        Path root = Files.createDirectory(work.resolve("root"));
        // initramfs-tools reads these when the kernel package is configured inside debootstrap
        write(root.resolve("etc/initramfs-tools/conf.d/nfvlv.conf"), "# nfv-lightvirt: only the modules of hooks/nfvlv\nMODULES=list\n", "rw-r--r--");
        write(root.resolve("etc/initramfs-tools/hooks/nfvlv"), hook, "rwxr-xr-x");

        Instant start = Instant.now();
        progress.step("debian image: debootstrap " + SUITE + " from " + mirror + " (log " + log + ")");
        List<String> cmd = List.of("debootstrap", "--variant=minbase", "--arch=amd64", "--components=main",
                "--include=" + String.join(",", PACKAGES), SUITE, root.toString(), mirror);
        try (Ticker t = Ticker.start(progress, d -> "debian image: debootstrap " + Ticker.format(d) + ", " + lastStep(log))) {
            Exec.run("debootstrap " + SUITE, cmd, work, Map.of("DEBIAN_FRONTEND", "noninteractive"), log, DEBOOTSTRAP_TIMEOUT);
        }
        Duration debootstrap = Duration.between(start, Instant.now());
        List<Path> mounts = Mounts.below(root);
        if (!mounts.isEmpty()) {
            throw new OperationFailedException("debootstrap left file systems mounted in " + root + ": " + mounts);
        }

        Instant imageStart = Instant.now();
        progress.step("debian image: configuring network, iperf3 and console");
        write(root.resolve("usr/local/sbin/nfvlv-net"), netScript, "rwxr-xr-x");
        write(root.resolve("etc/systemd/system/nfvlv-net.service"), netUnit, "rw-r--r--");
        write(root.resolve("etc/systemd/system/nfvlv-iperf3.service"), iperfUnit, "rw-r--r--");
        Path wants = Files.createDirectories(root.resolve("etc/systemd/system/multi-user.target.wants"));
        for (String unit : List.of("nfvlv-net.service", "nfvlv-iperf3.service")) {
            Files.deleteIfExists(wants.resolve(unit));
            Files.createSymbolicLink(wants.resolve(unit), Path.of("/etc/systemd/system/" + unit));
        }
        // periodic apt/fstrim jobs have nothing to do in a measurement guest
        ImageCache.deleteTree(root.resolve("etc/systemd/system/timers.target.wants"));
        write(root.resolve("etc/hostname"), "nfvlv-debian\n", "rw-r--r--");
        write(root.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\tnfvlv-debian\n", "rw-r--r--");
        write(root.resolve("etc/fstab"), "/dev/vda\t/\text4\trw,relatime\t0\t1\n", "rw-r--r--");
        // empty: systemd makes a new machine id at each boot of each copy
        write(root.resolve("etc/machine-id"), "", "r--r--r--");

        Path boot = root.resolve("boot");
        Path vmlinuz = single(boot, "vmlinuz-*");
        Path initrd = single(boot, "initrd.img-*");
        String release = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
        Files.copy(vmlinuz, out.resolve("vmlinuz"));
        Files.copy(initrd, out.resolve("initrd.img"));

        for (String p : PRUNED) {
            Path dir = root.resolve(p);
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path child : ds) {
                        ImageCache.deleteTree(child);
                    }
                }
            }
        }
        Files.createDirectories(root.resolve("var/lib/apt/lists/partial"));
        Files.createDirectories(root.resolve("var/cache/apt/archives/partial"));

        long used = usedBytes(root);
        long sizeMiB = roundUp((long) (used * 1.2) + HEADROOM_BYTES, 64L << 20) >> 20;
        progress.step("debian image: mke2fs -d (" + (used >> 20) + " MiB of files in a " + sizeMiB + " MiB ext4), then qcow2");
        Path raw = work.resolve("disk.raw");
        Exec.run("mke2fs -d", List.of("mke2fs", "-q", "-F", "-t", "ext4", "-L", "nfvlv-root", "-m", "0", "-d", root.toString(),
                raw.toString(), sizeMiB + "M"), work, Map.of(), log, Duration.ofMinutes(20));
        Exec.run("qemu-img convert", List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(),
                out.resolve("disk.qcow2").toString()), work, Map.of(), log, Duration.ofMinutes(20));
        Duration image = Duration.between(imageStart, Instant.now());

        Map<String, String> facts = new HashMap<>();
        facts.put("mirror", mirror);
        facts.put("suite", SUITE);
        facts.put("packages", String.join(",", PACKAGES));
        facts.put("kernelRelease", release);
        facts.put("filesBytes", Long.toString(used));
        facts.put("diskVirtualBytes", Long.toString(sizeMiB << 20));
        facts.put("debootstrapMillis", Long.toString(debootstrap.toMillis()));
        facts.put("imageMillis", Long.toString(image.toMillis()));
        LOG.info("debian image: debootstrap {} + image {}, {} MiB of files", Ticker.format(debootstrap), Ticker.format(image), used >> 20);
        return facts;
    }

    /**
     * @param log a debootstrap log
     * @return its last {@code I:} line, e.g. {@code I: Configuring systemd...}, or "starting"
     */
    static String lastStep(Path log) {
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.startsWith("I: ")).reduce((a, b) -> b).map(String::strip).orElse("starting");
        } catch (IOException | UncheckedIOException e) {
            return "starting";
        }
    }

    private static Path single(Path dir, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(found::add);
        }
        if (found.size() != 1) {
            throw new OperationFailedException("expected exactly one " + glob + " in " + dir + ", found " + found);
        }
        return found.get(0);
    }

    private static void write(Path file, String content, String permissions) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }

    private static long usedBytes(Path root) throws IOException {
        AtomicLong sum = new AtomicLong();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                sum.addAndGet(roundUp(attrs.size(), 4096) + 256); // data blocks + an inode
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                sum.addAndGet(4096 + 256);
                return FileVisitResult.CONTINUE;
            }
        });
        return sum.get();
    }

    static long roundUp(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }
}
