package io.nfvlightvirt.probes.throughput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Plain-TCP throughput against tiny discard and chargen servers on loopback. */
class PlainTcpSessionTest {

    /** Accepts one connection and runs the handler on it. */
    private static ServerSocket serve(Handler h) throws IOException {
        ServerSocket ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                h.handle(s);
            } catch (IOException e) {
                // the client closed: that ends the service
            }
        }, "plain-tcp-peer");
        t.setDaemon(true);
        t.start();
        return ss;
    }

    interface Handler {
        void handle(Socket s) throws IOException;
    }

    /** A chargen peer: writes until the client closes. */
    private static void chargen(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        byte[] b = new byte[65536];
        while (true) {
            out.write(b);
        }
    }

    @Test
    void txCountsOnlyWhatTheDiscardPeerReadBeforeClosing() throws Exception {
        AtomicLong read = new AtomicLong();
        try (ServerSocket ss = serve(s -> {
            InputStream in = s.getInputStream();
            byte[] b = new byte[65536];
            int n;
            while ((n = in.read(b)) > 0) {
                read.addAndGet(n);
            }
        })) {
            ThroughputResult r = ThroughputMeter.builder().target("127.0.0.1").port(ss.getLocalPort()).plainTcp()
                    .duration(Duration.ofSeconds(1)).build().measure();

            assertThat(r.method()).isEqualTo(ThroughputMethod.PLAIN_TCP);
            assertThat(r.receiverBytes()).isEqualTo(read.get()).isPositive();
            assertThat(r.receiverTime()).isGreaterThanOrEqualTo(r.senderTime());
            assertThat(r.describe()).startsWith("plain-tcp TX to 127.0.0.1:");
        }
    }

    @Test
    void rxCountsWhatTheChargenPeerDelivered() throws Exception {
        try (ServerSocket ss = serve(PlainTcpSessionTest::chargen)) {
            ThroughputResult r = ThroughputMeter.builder().target("127.0.0.1").port(ss.getLocalPort()).plainTcp()
                    .direction(Direction.RX).duration(Duration.ofSeconds(1)).build().measure();

            assertThat(r.direction()).isEqualTo(Direction.RX);
            assertThat(r.receiverBytes()).isPositive();
            assertThat(r.intervals()).isNotEmpty();
        }
    }

    @Test
    void anInterruptEndsARunningMeasurementAtOnce() throws Exception {
        try (ServerSocket ss = serve(PlainTcpSessionTest::chargen)) {
            Thread measuring = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                measuring.interrupt();
            });
            interrupter.start();
            long t0 = System.nanoTime();
            Throwable thrown;
            boolean flagSet;
            try {
                thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ThroughputMeter.builder().target("127.0.0.1")
                        .port(ss.getLocalPort()).plainTcp().direction(Direction.RX).duration(Duration.ofMinutes(5)).build().measure());
            } finally {
                interrupter.join();
                flagSet = Thread.interrupted(); // cleared here so that no later test runs interrupted
            }
            assertThat(thrown).isInstanceOf(ThroughputException.class)
                    .hasRootCauseInstanceOf(java.io.InterruptedIOException.class)
                    .hasStackTraceContaining("the run was interrupted after");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("not the 5 minutes asked for").isLessThan(Duration.ofMinutes(1));
            assertThat(flagSet).as("the interrupt flag stays set for the caller").isTrue();
        }
    }

    @Test
    void aDiscardPeerThatNeverClosesLeavesDeliveryUnconfirmed() throws Exception {
        try (ServerSocket ss = serve(s -> {
            InputStream in = s.getInputStream();
            byte[] b = new byte[65536];
            while (in.read(b) > 0) {
                // read, but after the end of stream keep the connection open
            }
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            assertThatThrownBy(() -> ThroughputMeter.builder().target("127.0.0.1").port(ss.getLocalPort()).plainTcp()
                    .duration(Duration.ofSeconds(1)).stallTimeout(Duration.ofMillis(500)).build().measure())
                    .isInstanceOf(PeerLostException.class).hasMessageContaining("did not close")
                    .hasMessageContaining("unconfirmed");
        }
    }

    @Test
    void aChargenPeerThatStopsSendingIsLostAfterTheStallTimeout() throws Exception {
        try (ServerSocket ss = serve(s -> {
            s.getOutputStream().write(new byte[1000]);
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            assertThatThrownBy(() -> ThroughputMeter.builder().target("127.0.0.1").port(ss.getLocalPort()).plainTcp()
                    .direction(Direction.RX).duration(Duration.ofSeconds(3)).stallTimeout(Duration.ofMillis(500))
                    .build().measure())
                    .isInstanceOf(PeerLostException.class).hasMessageContaining("no data moved");
        }
    }
}
