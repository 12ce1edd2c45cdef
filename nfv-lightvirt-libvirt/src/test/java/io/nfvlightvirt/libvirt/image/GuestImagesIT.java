package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.testkit.EngineRequirement;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each guest image for real (the first run compiles a kernel, ~11 min, and debootstraps
 * Debian, ~2 min; later runs take them from the machine's cache) and boots it once with a plain
 * {@code qemu-system-x86_64 -accel tcg} on a bridge and tap this test creates on 10.216.0.0/24.
 * It then checks the guest contract from the host: a connect to 5201 is accepted by iperf3 (its
 * first protocol byte arrives), a connect to another port is refused (RST). It prints the build
 * figures, image sizes and the time from starting QEMU to the first RST and to iperf3 accepting.
 */
@Tag("libvirt")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestImagesIT {
    private static final Logger LOG = LoggerFactory.getLogger(GuestImagesIT.class);
    private static final String SUBNET_PREFIX = "10.216.0.";
    private static final String HOST_IP = SUBNET_PREFIX + "1";
    private static final String GUEST_IP = SUBNET_PREFIX + "2";
    private static final String GUEST_MAC = "52:54:00:d8:00:02";
    private static final String BRIDGE = "nfvlvimg0";
    private static final String TAP = "nfvlvimgt0";
    /** Marks links as this test's, so a run can remove what a killed run left. */
    private static final String ALIAS = "io.nfvlightvirt.managed=images-it";
    private static final int CLOSED_PORT = 7;
    /** iperf3's PARAM_EXCHANGE state (esnet/iperf src/iperf_api.h), the server's first byte after the cookie. */
    private static final int IPERF3_PARAM_EXCHANGE = 9;
    private static final Map<String, Object> FIGURES = new LinkedHashMap<>();

    private static GuestImages images;
    private static final BuildProgress PROGRESS = step -> LOG.info("{}", step);

    @TempDir
    Path tmp;
    private Process qemu;

    @BeforeAll
    static void requireHost() {
        EngineRequirement.require(DebianBuilder.isRoot(), "root is needed to create a tap and bridge and to debootstrap");
        EngineRequirement.require(Exec.find("qemu-system-x86_64").isPresent(), "qemu-system-x86_64 missing (apt-get install qemu-system-x86)");
        EngineRequirement.require(Exec.find("qemu-img").isPresent(), "qemu-img missing (apt-get install qemu-utils)");
        EngineRequirement.require(Exec.find("debootstrap").isPresent(), "debootstrap missing (apt-get install debootstrap)");
        EngineRequirement.require(Exec.find("ip").isPresent(), "ip missing (apt-get install iproute2)");
        EngineRequirement.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun missing: no tap devices");
        images = new GuestImages(GuestImages.defaultCacheDir());
    }

    @BeforeEach
    void createLink() throws Exception {
        removeOurLeftovers();
        String addrs = sh("ip", "-4", "-o", "addr", "show") + sh("ip", "-4", "route", "show");
        assertThat(addrs).as("10.216.0.0/24 must be unused on this host before the test takes it").doesNotContain(SUBNET_PREFIX);
        assertThat(Path.of("/sys/class/net", BRIDGE)).as("a link named %s that is not ours exists", BRIDGE).doesNotExist();
        sh("ip", "link", "add", BRIDGE, "type", "bridge");
        sh("ip", "link", "set", BRIDGE, "alias", ALIAS);
        sh("ip", "addr", "add", HOST_IP + "/24", "dev", BRIDGE);
        sh("ip", "link", "set", BRIDGE, "up");
        sh("ip", "tuntap", "add", "dev", TAP, "mode", "tap");
        sh("ip", "link", "set", TAP, "alias", ALIAS);
        sh("ip", "link", "set", TAP, "master", BRIDGE);
        sh("ip", "link", "set", TAP, "up");
        // a static neighbour entry: SYNs leave at once instead of waiting for ARP retries (1 s apart)
        sh("ip", "neigh", "replace", GUEST_IP, "lladdr", GUEST_MAC, "dev", BRIDGE, "nud", "permanent");
    }

    @AfterEach
    void removeLink() throws Exception {
        if (qemu != null) {
            LOG.info("stopping QEMU pid {}", qemu.pid());
            Exec.kill(qemu);
            qemu = null;
        }
        removeOurLeftovers();
    }

    private static void removeOurLeftovers() throws Exception {
        for (String link : List.of(TAP, BRIDGE)) {
            Path alias = Path.of("/sys/class/net", link, "ifalias");
            if (Files.exists(alias) && Files.readString(alias).strip().equals(ALIAS)) {
                if (link.equals(TAP)) {
                    sh("ip", "tuntap", "del", "dev", link, "mode", "tap");
                } else {
                    sh("ip", "link", "del", link);
                }
            }
        }
    }

    @AfterAll
    static void printFigures() {
        if (FIGURES.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("\n=== guest image figures (this host, QEMU TCG) ===\n");
        FIGURES.forEach((k, v) -> text.append(String.format("  %-40s %s%n", k, v)));
        text.append("JSON ").append(BuildGuestImages.toJson(FIGURES)).append('\n');
        System.out.print(text);
    }

    @Test
    @Order(1)
    void compiledTinyxBootsAndKeepsTheGuestContract() throws Exception {
        TinyxBuilder probe = new TinyxBuilder(new ImageCache(images.cacheDir()), Path.of("/usr/src"), Path.of("/boot"), Path.of("/lib/modules"));
        EngineRequirement.require(probe.whyNoCompile().isEmpty(), "cannot compile a Tinyx kernel: " + probe.whyNoCompile().orElse(""));
        long t0 = System.nanoTime();
        TinyxImage image = images.tinyx(TinyxFlavor.QEMU_KVM, PROGRESS);
        record("tinyx", "obtainSeconds", seconds(System.nanoTime() - t0));
        assertThat(image.provenance()).contains("linux-source").contains("tinyconfig");
        assertThat(image.kernelRelease()).endsWith("-tinyx");
        Properties kernel = ImageCache.manifest(image.kernel().getParent());
        record("tinyx", "kernelCompileSeconds", Long.parseLong(kernel.getProperty("compileMillis")) / 1000.0);
        record("tinyx", "kernelBuildSeconds", Long.parseLong(kernel.getProperty("buildMillis")) / 1000.0);
        record("tinyx", "kernelObjects", Integer.parseInt(kernel.getProperty("objects")));
        tinyxBoot("tinyx", image);
    }

    @Test
    @Order(2)
    void cloudKernelTinyxBootsAndKeepsTheGuestContract() throws Exception {
        long t0 = System.nanoTime();
        TinyxImage image = images.tinyx(TinyxFlavor.DEBIAN_CLOUD_KERNEL, PROGRESS);
        record("tinyx-cloud", "obtainSeconds", seconds(System.nanoTime() - t0));
        assertThat(image.provenance()).contains("debian cloud kernel").contains("virtio_net");
        tinyxBoot("tinyx-cloud", image);
    }

    private void tinyxBoot(String name, TinyxImage image) throws Exception {
        record(name, "kernelBytes", Files.size(image.kernel()));
        record(name, "initramfsBytes", Files.size(image.initramfs()));
        record(name, "imageBytes", image.sizeBytes());
        record(name, "provenance", image.provenance());
        List<String> cmd = qemuBase(128);
        cmd.addAll(List.of("-kernel", image.kernel().toString(), "-initrd", image.initramfs().toString(),
                "-append", GuestContract.TINYX_QEMU_CMDLINE + " " + GuestContract.networkArguments(GUEST_IP + "/24", HOST_IP)));
        bootAndCheck(name, cmd, Duration.ofMinutes(3));
    }

    @Test
    @Order(4)
    void debianBootsAndKeepsTheGuestContract() throws Exception {
        long t0 = System.nanoTime();
        DebianImage image = images.debian(PROGRESS);
        record("debian", "obtainSeconds", seconds(System.nanoTime() - t0));
        Properties m = ImageCache.manifest(image.disk().getParent());
        record("debian", "debootstrapSeconds", Long.parseLong(m.getProperty("debootstrapMillis")) / 1000.0);
        record("debian", "imageStepSeconds", Long.parseLong(m.getProperty("imageMillis")) / 1000.0);
        record("debian", "buildSeconds", Long.parseLong(m.getProperty("buildMillis")) / 1000.0);
        record("debian", "qcow2Bytes", image.sizeBytes());
        record("debian", "kernelBytes", Files.size(image.kernel()));
        record("debian", "initrdBytes", Files.size(image.initrd()));
        record("debian", "provenance", image.provenance());
        Path overlay = tmp.resolve("overlay.qcow2");
        Exec.capture("qemu-img create", List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b",
                image.disk().toString(), overlay.toString()), Duration.ofSeconds(60));
        List<String> cmd = qemuBase(256);
        cmd.addAll(List.of("-drive", "file=" + overlay + ",if=virtio,format=qcow2",
                "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
                "-append", image.kernelCmdline() + " panic=-1 " + GuestContract.networkArguments(GUEST_IP + "/24", HOST_IP)));
        bootAndCheck("debian", cmd, Duration.ofMinutes(6));
    }

    private List<String> qemuBase(int memoryMiB) {
        return new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-machine", "pc", "-m", Integer.toString(memoryMiB),
                "-smp", "1", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-serial", "file:" + tmp.resolve("console.log"),
                "-netdev", "tap,id=n0,ifname=" + TAP + ",script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=n0,mac=" + GUEST_MAC));
    }

    private void bootAndCheck(String name, List<String> cmd, Duration deadline) throws Exception {
        Path qemuLog = tmp.resolve("qemu.log");
        long start = System.nanoTime();
        qemu = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(qemuLog.toFile()).start();
        LOG.info("{}: QEMU pid {}: {}", name, qemu.pid(), String.join(" ", cmd));
        long firstRst = awaitFirstRst(start, deadline, name);
        record(name, "bootToFirstRstSeconds", seconds(firstRst - start));
        long iperf = awaitIperf3(start + deadline.toNanos(), name);
        record(name, "bootToIperf3Seconds", seconds(iperf - start));
        assertThatThrownBy(() -> connect(CLOSED_PORT, Duration.ofSeconds(2)).close())
                .as("a connect to a port other than 5201 is refused with RST").isInstanceOf(ConnectException.class);
        assertThat(console()).as("the guest's network script reports on the console").contains("nfvlv: eth0 " + GUEST_IP + "/24");
    }

    /** SYN to a closed port every 10 ms until one is answered with RST; returns when, in nanoTime. */
    private long awaitFirstRst(long start, Duration deadline, String name) throws Exception {
        long end = start + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!qemu.isAlive()) {
                throw new AssertionError(name + ": QEMU exited (status " + qemu.exitValue() + ") before the guest answered; "
                        + "QEMU said: " + Files.readString(tmp.resolve("qemu.log")) + "\nconsole:\n" + console());
            }
            try (Socket s = connect(CLOSED_PORT, Duration.ofMillis(10))) {
                throw new AssertionError(name + ": port " + CLOSED_PORT + " accepted a connection; the guest must leave it closed");
            } catch (ConnectException refused) {
                return System.nanoTime();
            } catch (SocketTimeoutException | java.net.NoRouteToHostException noAnswerYet) {
                // the guest's network is not up yet
            }
        }
        throw new AssertionError(name + ": no RST from " + GUEST_IP + ":" + CLOSED_PORT + " within " + deadline + "; console:\n" + console());
    }

    /** Connects to 5201 until iperf3 accepts and sends its first state byte; returns when, in nanoTime. */
    private long awaitIperf3(long end, String name) throws Exception {
        Exception last = null;
        while (System.nanoTime() < end) {
            try (Socket s = connect(GuestContract.IPERF3_PORT, Duration.ofSeconds(1))) {
                long accepted = System.nanoTime();
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("nfvlv-images-it-cookie-0123456789abc\0".getBytes(StandardCharsets.US_ASCII)); // 37 bytes
                out.flush();
                InputStream in = s.getInputStream();
                assertThat(in.read()).as("iperf3's PARAM_EXCHANGE state byte").isEqualTo(IPERF3_PARAM_EXCHANGE);
                return accepted;
            } catch (ConnectException | SocketTimeoutException e) {
                last = e; // iperf3 not listening yet
                pause();
            }
        }
        throw new AssertionError(name + ": iperf3 did not accept on " + GUEST_IP + ":5201 (" + last + "); console:\n" + console());
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(20); // between connection attempts: the guest offers no event to wait for
    }

    private static Socket connect(int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(GUEST_IP, port), (int) timeout.toMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private String console() {
        try {
            return Files.readString(tmp.resolve("console.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    private static void record(String image, String figure, Object value) {
        FIGURES.put(image + "." + figure, value);
        LOG.info("{}.{} = {}", image, figure, value);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    private static String sh(String... cmd) {
        return Exec.capture(String.join(" ", cmd), List.of(cmd), Duration.ofSeconds(30));
    }
}
