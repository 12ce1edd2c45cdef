package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.NetworkAttachment;
import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.VnfInstance;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fixed addresses, MACs and the host link, checked on the real engine and the host's interfaces. */
@Tag("docker")
class DockerNetworkingIT extends DockerItSupport {

    private static String sameSubnet(String ipv4, int last) {
        return ipv4.substring(0, ipv4.lastIndexOf('.') + 1) + last;
    }

    @Test
    void aContainerAnswersTcpOnItsFixedAddressAndHasItsFixedMac() {
        VnfInstance first = backend.create(spec("net-first").build());
        String ip = sameSubnet(first.ipv4().orElseThrow(), 77);
        String mac = "02:00:00:aa:bb:cc";

        VnfInstance i = backend.run(spec("net-fixed").network(NetworkAttachment.fixed(ip).withMac(mac)).build());

        assertThat(i.ipv4()).contains(ip);
        assertThat(i.mac()).contains(mac);
        assertThat(DockerCli.inspect("{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.MacAddress}}{{end}}", i.id()))
                .isEqualTo(ip + " " + mac);
        await("iperf3 in " + ip + " to accept on 5201", Duration.ofSeconds(10), () -> tcpAccepts(ip, 5201));
        IOException closed = tcpFailure(ip, 5202);
        assertThat(closed).as("a SYN to a closed port of the guest is answered with RST (connection refused)")
                .isInstanceOf(ConnectException.class).hasMessageContaining("refused");
    }

    @Test
    void anAutomaticAddressAndMacAreReportedAndAreWhatTheEngineGave() {
        VnfInstance i = backend.run(spec("net-auto").build());
        String ip = i.ipv4().orElseThrow();
        assertThat(i.mac()).contains(Ipv4Subnet.macFor(ip));
        assertThat(DockerCli.inspect("{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.MacAddress}}{{end}}", i.id()))
                .isEqualTo(ip + " " + Ipv4Subnet.macFor(ip));
        assertThat(backend.inspect(i.id()).ipv4()).contains(ip);
    }

    @Test
    void theLinkNameIsTheHostBridgeTheContainersVethIsAttachedTo() throws Exception {
        VnfInstance i = backend.run(spec("net-link").build());
        String link = i.linkName().orElseThrow();
        Path bridge = Path.of("/sys/class/net", link);
        assertThat(bridge.resolve("bridge")).as("%s is a bridge on this host", link).isDirectory();

        String peerIndex = DockerCli.ok("exec", i.id(), "cat", "/sys/class/net/eth0/iflink").get(0);
        String hostVeth;
        try (Stream<Path> nics = Files.list(Path.of("/sys/class/net"))) {
            hostVeth = nics.filter(n -> {
                try {
                    return Files.readString(n.resolve("ifindex")).trim().equals(peerIndex);
                } catch (IOException e) {
                    return false;
                }
            }).map(n -> n.getFileName().toString()).findFirst().orElseThrow();
        }
        assertThat(Files.readSymbolicLink(Path.of("/sys/class/net", hostVeth, "master")).getFileName().toString())
                .as("the host end of the container's eth0 is enslaved to the instance's link").isEqualTo(link);
    }

    @Test
    void theStockIperf3ClientMeasuresAgainstTheBuiltInServer() {
        VnfInstance i = backend.run(spec("net-iperf").memoryMiB(64).build());
        String ip = i.ipv4().orElseThrow();
        await("iperf3 to accept", Duration.ofSeconds(10), () -> tcpAccepts(ip, 5201));
        DockerCli.Result r = DockerCli.exec(List.of("iperf3", "-c", ip, "-t", "1", "-J"), null);
        assertThat(r.exit()).as("iperf3 -c %s: %s", ip, r.stderr()).isZero();
        assertThat(r.stdout()).contains("\"sum_received\"").contains("\"bits_per_second\"");
    }

    @Test
    void aFixedAddressAlreadyInUseIsRejectedAndCreatesNothing() {
        VnfInstance i = backend.create(spec("net-taken-a").build());
        String ip = i.ipv4().orElseThrow();
        assertThatThrownBy(() -> backend.create(spec("net-taken-b").network(NetworkAttachment.fixed(ip)).build()))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo("network.ipv4"))
                .hasMessageContaining("net-taken-a");
        assertThat(DockerCli.containers(Ownership.OWNER + "=" + owner)).containsExactly(i.id());
    }

    @Test
    void theOwnersNetworkGoesAwayWithItsLastInstance() {
        VnfInstance a = backend.run(spec("net-last-a").build());
        VnfInstance b = backend.create(spec("net-last-b").build());
        String label = Ownership.OWNER + "=" + owner;
        assertThat(DockerCli.networks(label)).containsExactly(OwnerNetwork.networkName(owner));
        backend.destroy(a.id());
        assertThat(DockerCli.networks(label)).as("still used by b").hasSize(1);
        backend.destroy(b.id());
        assertThat(DockerCli.networks(label)).isEmpty();
        assertThat(Path.of("/sys/class/net", a.linkName().orElseThrow())).doesNotExist();
    }

    @Test
    void theConfiguredSubnetIsUsed() {
        String subnet = "10.213.251.0/24";
        assertThat(DockerCli.ok("network", "ls", "-q", "--format", "{{.Name}}")).as("needs a free subnet")
                .allSatisfy(n -> assertThat(DockerCli.inspect("{{range .IPAM.Config}}{{.Subnet}} {{end}}", n))
                        .doesNotContain("10.213.251."));
        var b = open(config().withOption("network.subnet", subnet));
        VnfInstance i = b.run(spec("net-subnet").build());
        assertThat(i.ipv4()).get().asString().startsWith("10.213.251.");
        assertThat(DockerCli.inspect("{{range .IPAM.Config}}{{.Subnet}}{{end}}", OwnerNetwork.networkName(owner)))
                .isEqualTo(subnet);
        assertThatThrownBy(() -> b.create(spec("net-outside").network(NetworkAttachment.fixed("10.213.252.9")).build()))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining(subnet);
    }
}
