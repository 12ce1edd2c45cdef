package io.nfvlightvirt.libvirt.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostNetworkNamesTest {
    private final HostNetwork net = new HostNetwork(new IpCommand("/bin/false"), "nfvk");

    @Test
    void linkNamesFitIfnamsizAndDifferPerOwnerAndInstance() {
        String br = net.bridgeName("owner-a");
        String tap = net.tapName("owner-a", "fw1");
        assertThat(br).startsWith("nfvkbr").hasSizeLessThanOrEqualTo(15);
        assertThat(tap).startsWith("nfvkt").hasSize(15);
        assertThat(net.bridgeName("owner-b")).isNotEqualTo(br);
        assertThat(net.tapName("owner-b", "fw1")).isNotEqualTo(tap);
        assertThat(net.tapName("owner-a", "fw2")).isNotEqualTo(tap);
        assertThat(net.tapName("owner-a", "fw1")).isEqualTo(tap);
    }

    @Test
    void aliasesNameOwnerAndInstance() {
        assertThat(HostNetwork.tapAlias("o", "fw1")).isEqualTo("nfv-lightvirt tap owner=o instance=fw1");
        assertThat(HostNetwork.bridgeAlias("o")).isEqualTo("nfv-lightvirt bridge owner=o");
    }

    @Test
    void aBridgeOfOursIsReadFromItsAliasWithoutAskingTheKernelForAddresses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path sys)
            throws Exception {
        java.nio.file.Path br = java.nio.file.Files.createDirectories(sys.resolve("nfvkbr12345678"));
        java.nio.file.Files.writeString(br.resolve("ifalias"), "nfv-lightvirt bridge owner=o subnet=10.150.7.0/24\n");
        HostNetwork n = new HostNetwork(new IpCommand("/bin/false"), "nfvk", sys);
        assertThat(n.findBridge("nfvkbr12345678")).contains(new HostNetwork.Bridge("nfvkbr12345678", Ipv4Subnet.parse("10.150.7.0/24")));
        assertThat(n.findBridge("nfvkbr00000000")).isEmpty();
    }

    @Test
    void batchArgumentsAreQuotedAndQuotesRefused() {
        assertThat(IpCommand.quote("plain")).isEqualTo("plain");
        assertThat(IpCommand.quote("with space")).isEqualTo("\"with space\"");
        assertThatThrownBy(() -> IpCommand.quote("a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpCommand.quote("a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routesAreReadFromProcNetRouteInLittleEndian() {
        List<String> route = List.of(
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
                "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0");
        assertThat(HostNetwork.parseProcNetRoute(route)).containsExactly(Ipv4Subnet.parse("192.0.2.0/24"),
                Ipv4Subnet.parse("172.17.0.0/16"));
    }

    @Test
    void prefixMustBeShortLetters() {
        assertThatThrownBy(() -> new HostNetwork(new IpCommand("/bin/false"), "TooLongPrefix"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of("nfvk", "nfvx")).allSatisfy(p -> new HostNetwork(new IpCommand("/bin/false"), p));
    }
}
