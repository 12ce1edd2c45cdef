package io.nfvlightvirt.probes.it;

import io.nfvlightvirt.Phase;
import io.nfvlightvirt.probes.boot.BootDetector;
import io.nfvlightvirt.probes.boot.BootResult;
import io.nfvlightvirt.probes.boot.BootWatch;
import io.nfvlightvirt.probes.calibration.Subnets;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A busybox + iperf3 container (docker import of a scratch tree) on a bridge network this test
 * creates: boot detector vs tcpdump, RTT meter vs ping -f, throughput meter vs the iperf3 client.
 */
@Tag("pcap")
@Tag("docker")
class ContainerGroundTruthIT {
    private static final int BOOTS = 5;

    @Test
    void bootRttAndThroughputAgreeWithTcpdumpPingAndIperf3() throws Exception {
        Host.requireRawNetworkingAnd("tcpdump", "ping", "iperf3", "ip", "tar", "ldd", "/bin/busybox");
        EngineRequirement.require(Host.dockerAnswers(), "the Docker Engine does not answer `docker info`; start"
                + " dockerd (scripts/setup-host.sh)");
        try (Cleanup cleanup = new Cleanup()) {
            String id = Host.hex(3);
            int n = Subnets.freeSlash24();
            String bridge = "nfvlvp" + id + "b";
            String image = DockerGuest.buildImage(cleanup);
            String network = DockerGuest.network(cleanup, "nfvlvp-it-" + id, bridge, n);
            List<BootResult> boots = new ArrayList<>();
            String ip = null;
            try (Tcpdump td = Tcpdump.start(bridge, "tcp and src net 10.217." + n + ".0/24 and (tcp[tcpflags] & tcp-rst"
                    + " != 0 or tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack))")) {
                String container = null;
                for (int i = 0; i < BOOTS; i++) {
                    if (container != null) {
                        DockerGuest.remove(container);
                    }
                    ip = "10.217." + n + "." + (10 + i);
                    BootDetector detector = BootDetector.builder().link(bridge).target(ip, DockerGuest.macOf(ip))
                            .interval(Duration.ofMillis(10)).timeout(Duration.ofSeconds(60)).build();
                    Instant createCalled = Instant.now();
                    container = DockerGuest.create(cleanup, image, network, "nfvlvp-it-" + id + "-" + i, ip);
                    Instant created = Instant.now();
                    // the address is fixed once create returned: watch from here, count from create called
                    try (BootWatch watch = detector.start(createCalled)) {
                        watch.record(Phase.CREATED, created);
                        watch.record(Phase.START_CALLED);
                        DockerGuest.start(container);
                        watch.record(Phase.STARTED);
                        boots.add(watch.awaitFirstAnswer());
                    }
                }
                GroundTruth.bootsAgreeWithTcpdump("container", boots, td);
            }
            String mac = DockerGuest.macOf(ip);
            GroundTruth.rttAgreesWithPing("container", bridge, ip, mac, 1000, 9);
            GroundTruth.throughputAgreesWithIperf3("container", ip, 3, 7);
        }
    }
}
