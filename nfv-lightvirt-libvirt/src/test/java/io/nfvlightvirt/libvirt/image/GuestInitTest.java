package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the generated shell library under the shells the guests use (dash for Debian, busybox ash
 * for Tinyx) against sample kernel command lines. No guest, no root: only {@code sh}.
 */
class GuestInitTest {
    @TempDir
    Path dir;

    static Stream<Arguments> shells() {
        return Stream.of(Arguments.of("/bin/sh"), Arguments.of("busybox"));
    }

    private String run(String shell, String cmdline, String snippet) throws IOException, InterruptedException {
        if (shell.equals("busybox")) {
            Assumptions.assumeTrue(Exec.find("busybox").isPresent(), "busybox not installed (apt-get install busybox-static)");
        }
        Path file = dir.resolve("cmdline");
        Files.writeString(file, cmdline + "\n");
        Path script = dir.resolve("t.sh");
        Files.writeString(script, GuestInit.shellLibrary() + "\n" + snippet + "\n");
        List<String> cmd = shell.equals("busybox") ? List.of(Exec.find("busybox").get().toString(), "sh", script.toString())
                : List.of(shell, script.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(GuestInit.CMDLINE_VARIABLE, file.toString());
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("shell finished").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @ParameterizedTest
    @MethodSource("shells")
    void readsTheAddressAndGatewayFromTheCommandLine(String shell) throws Exception {
        String cmdline = "BOOT_IMAGE=/vmlinuz root=/dev/vda rw console=ttyS0 nfvlv.ip=10.216.0.2/24 nfvlv.gw=10.216.0.1 quiet";
        assertThat(run(shell, cmdline, "echo \"[$(nfvlv_param nfvlv.ip)] [$(nfvlv_param nfvlv.gw)]\""))
                .isEqualTo("[10.216.0.2/24] [10.216.0.1]");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aMissingParameterIsEmptyAndSimilarNamesDoNotMatch(String shell) throws Exception {
        assertThat(run(shell, "console=ttyS0 nfvlv.ipx=1.2.3.4/8 xnfvlv.ip=1.2.3.4/8", "echo \"[$(nfvlv_param nfvlv.ip)]\""))
                .isEqualTo("[]");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void theLastOccurrenceWinsLikeTheKernelsOwnParameters(String shell) throws Exception {
        assertThat(run(shell, "nfvlv.ip=10.0.0.2/8 nfvlv.ip=10.0.0.3/8", "nfvlv_param nfvlv.ip")).isEqualTo("10.0.0.3/8");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aGlobCharacterOnTheCommandLineIsNotExpanded(String shell) throws Exception {
        Files.writeString(dir.resolve("decoy"), "");
        assertThat(run(shell, "x=* nfvlv.ip=10.0.0.2/8", "cd " + dir + " && nfvlv_param x")).isEqualTo("*");
    }

    static Stream<Arguments> addresses() {
        return Stream.of("10.216.0.2/24", "0.0.0.0/0", "255.255.255.255/32", "10.216.0.2", "10.216.0.2/33", "10.216.0.256/24",
                "10.216.0/24", "10.216.0.2.1/24", "010.216.0.2/24", "10.216.0.2/024", "10.216.0.2/", "/24", "a.b.c.d/24",
                "10.216.0.2/2x", "", "1..2.3/8", ".1.2.3/8", "1.2.3./8", "1000.2.3.4/8")
                .flatMap(a -> Stream.of(Arguments.of("/bin/sh", a), Arguments.of("busybox", a)));
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void theShellAcceptsExactlyTheAddressesJavaAccepts(String shell, String address) throws Exception {
        String out = run(shell, "", "if nfvlv_valid_cidr '" + address + "'; then echo yes; else echo no; fi");
        assertThat(out).as("sh says whether '%s' is A.B.C.D/NN", address)
                .isEqualTo(GuestContract.isAddressWithPrefix(address) ? "yes" : "no");
    }

    @ParameterizedTest
    @MethodSource("shells")
    void anInvalidAddressIsReportedAndNothingIsConfigured(String shell) throws Exception {
        String out = run(shell, "nfvlv.ip=10.216.0.300/24", "ip() { echo \"ip $*\"; }; nfvlv_configure; echo \"rc=$?\"");
        assertThat(out).contains("no valid nfvlv.ip=A.B.C.D/NN").contains("'10.216.0.300/24'").doesNotContain("ip addr").endsWith("rc=1");
    }

    @Test
    void configureRunsTheIpCommandsForTheFirstInterface() throws Exception {
        // ip is replaced by a function that prints; the real /sys/class/net of this host has lo and at least one more
        String out = run("/bin/sh", "nfvlv.ip=10.216.0.2/24 nfvlv.gw=10.216.0.1",
                "ip() { echo \"ip $*\"; }; nfvlv_first_nic() { echo eth0; }; nfvlv_configure");
        assertThat(out.lines()).containsExactly("ip link set lo up", "ip addr add 10.216.0.2/24 dev eth0", "ip link set eth0 up",
                "ip route add default via 10.216.0.1 dev eth0", "nfvlv: eth0 10.216.0.2/24 via 10.216.0.1");
    }

    @Test
    void withoutGatewayNoRouteIsAdded() throws Exception {
        String out = run("/bin/sh", "nfvlv.ip=10.216.0.2/24", "ip() { echo \"ip $*\"; }; nfvlv_first_nic() { echo eth0; }; nfvlv_configure");
        assertThat(out).doesNotContain("route").endsWith("nfvlv: eth0 10.216.0.2/24");
    }

    @Test
    void tinyxInitLoadsModulesInOrderThenConfiguresAndStartsIperf3() {
        String init = GuestInit.tinyxInit(List.of("/lib/modules/virtio_ring.ko", "/lib/modules/virtio_net.ko"));
        assertThat(init).startsWith("#!/bin/sh\n");
        assertThat(init.indexOf("mount -t devtmpfs")).isLessThan(init.indexOf("insmod /lib/modules/virtio_ring.ko"));
        assertThat(init.indexOf("insmod /lib/modules/virtio_ring.ko")).isLessThan(init.indexOf("insmod /lib/modules/virtio_net.ko"));
        assertThat(init.indexOf("insmod /lib/modules/virtio_net.ko")).isLessThan(init.lastIndexOf("nfvlv_configure"));
        assertThat(init).contains("iperf3 -s -D -4 -p 5201").contains("nfvlv_param()");
        assertThat(init.strip()).endsWith("while :; do sleep 3600; done");
    }

    @Test
    void tinyxInitWithoutModulesHasNoInsmod() {
        assertThat(GuestInit.tinyxInit(List.of())).doesNotContain("insmod");
    }

    @Test
    void theGeneratedScriptsAreValidShell() throws Exception {
        for (String script : List.of(GuestInit.tinyxInit(List.of("/lib/modules/a.ko")), GuestInit.debianNetworkScript())) {
            Path f = dir.resolve("s.sh");
            Files.writeString(f, script);
            Process p = new ProcessBuilder("/bin/sh", "-n", f.toString()).redirectErrorStream(true).start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
            assertThat(p.exitValue()).isZero();
        }
    }

    @Test
    void debianUnitsRunTheScriptAndIperf3On5201() {
        assertThat(GuestInit.debianNetworkUnit()).contains("ExecStart=/usr/local/sbin/nfvlv-net").contains("Before=network.target");
        assertThat(GuestInit.debianIperf3Unit()).contains("ExecStart=/usr/bin/iperf3 -s -p 5201");
        assertThat(GuestInit.debianInitramfsHook()).contains("virtio_blk").contains("virtio_net").contains("ext4");
    }
}
