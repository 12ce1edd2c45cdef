package io.nfvlightvirt.probes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.probes.throughput.Direction;
import io.nfvlightvirt.probes.throughput.PeerBusyException;
import io.nfvlightvirt.probes.throughput.PeerLostException;
import io.nfvlightvirt.probes.throughput.PeerRefusedException;
import io.nfvlightvirt.probes.throughput.ThroughputMeter;
import io.nfvlightvirt.probes.throughput.ThroughputMethod;
import io.nfvlightvirt.probes.throughput.ThroughputResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Our iperf3 client against the stock {@code iperf3 -s} (Debian 12: 3.12) on loopback. */
@Tag("iperf3")
class Iperf3ServerIT {
    private Process server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        EngineRequirement.require(Host.has("iperf3"), "iperf3 is not installed: apt-get install iperf3");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder("iperf3", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket()) {
                // a bare connect makes the server log "unable to receive cookie" and listen again
                probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException e) {
                if (System.nanoTime() - until > 0) {
                    throw new IllegalStateException("iperf3 -s did not listen on port " + port + " within 10 s", e);
                }
                Thread.sleep(50);
            }
        }
        Thread.sleep(200);
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ThroughputMeter.Builder meter() {
        return ThroughputMeter.builder().target("127.0.0.1").port(port).duration(Duration.ofSeconds(2));
    }

    @Test
    void txRxAndParallelRunsGiveFiguresFromBothSides() {
        for (Direction d : Direction.values()) {
            for (int streams : new int[] {1, 3}) {
                // back to back: the 3.12 server may still be closing the previous test
                ThroughputResult r = meter().direction(d).parallel(streams).retryWhileBusy(Duration.ofSeconds(10))
                        .build().measure();
                System.out.println("IPERF3-LOOPBACK " + r.describe());
                assertThat(r.method()).isEqualTo(ThroughputMethod.IPERF3);
                assertThat(r.streams()).isEqualTo(streams);
                assertThat(r.receiverBytes()).isPositive();
                assertThat(r.senderBytes()).isGreaterThanOrEqualTo(r.receiverBytes() * 9 / 10);
                assertThat(r.receiverTime().toMillis()).isBetween(1500L, 3000L);
                assertThat(r.intervals()).hasSizeGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void aServerBusyWithAnotherClientGivesPeerBusy() throws Exception {
        Process other = new ProcessBuilder("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(port), "-t", "6")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(1000); // the stock client's test is running
            assertThatThrownBy(() -> meter().build().measure())
                    .isInstanceOf(PeerBusyException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("busy running a test");
        } finally {
            other.destroyForcibly();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerKilledMidTestGivesPeerLostWithTheTime() throws Exception {
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(1500);
                server.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        try {
            assertThatThrownBy(() -> meter().duration(Duration.ofSeconds(8)).direction(Direction.RX).build().measure())
                    .isInstanceOf(PeerLostException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("s into the test")
                    .satisfies(e -> assertThat(((PeerLostException) e).after().toMillis()).isBetween(1000L, 7000L));
        } finally {
            killer.join();
        }
    }

    @Test
    void aStoppedServerGivesPeerRefused() throws Exception {
        server.destroyForcibly();
        server.waitFor(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> meter().build().measure())
                .isInstanceOf(PeerRefusedException.class).hasMessageContaining("refused");
    }
}
