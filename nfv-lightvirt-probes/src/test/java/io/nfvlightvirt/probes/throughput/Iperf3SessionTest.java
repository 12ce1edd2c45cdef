package io.nfvlightvirt.probes.throughput;

import static io.nfvlightvirt.probes.throughput.FakeIperf3Server.readCookie;
import static io.nfvlightvirt.probes.throughput.FakeIperf3Server.readJson;
import static io.nfvlightvirt.probes.throughput.FakeIperf3Server.readState;
import static io.nfvlightvirt.probes.throughput.FakeIperf3Server.state;
import static io.nfvlightvirt.probes.throughput.FakeIperf3Server.writeJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The client's side of the iperf3 control protocol, against a scripted server on loopback. */
class Iperf3SessionTest {

    private static ThroughputMeter.Builder meter(FakeIperf3Server s) {
        return ThroughputMeter.builder().target("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(1))
                .stallTimeout(Duration.ofSeconds(2));
    }

    @Test
    void aBusyServerGivesPeerBusy() throws Exception {
        try (FakeIperf3Server s = new FakeIperf3Server((srv, c) -> state(c, Iperf3Protocol.ACCESS_DENIED))) {
            assertThatThrownBy(() -> meter(s).build().measure())
                    .isInstanceOf(PeerBusyException.class)
                    .hasMessageContaining("127.0.0.1:" + s.port()).hasMessageContaining("busy running a test");
        }
    }

    @Test
    void aServerErrorIsReportedWithIperf3sText() throws Exception {
        try (FakeIperf3Server s = new FakeIperf3Server((srv, c) -> {
            readCookie(c);
            state(c, Iperf3Protocol.PARAM_EXCHANGE);
            readJson(c);
            state(c, Iperf3Protocol.SERVER_ERROR);
            DataOutputStream out = new DataOutputStream(c.getOutputStream());
            out.writeInt(102);
            out.writeInt(98);
            out.flush();
        })) {
            assertThatThrownBy(() -> meter(s).build().measure())
                    .isExactlyInstanceOf(ThroughputException.class)
                    .hasMessageContaining("unable to start listener").hasMessageContaining("errno 98");
        }
    }

    @Test
    void refusedConnectionGivesPeerRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThatThrownBy(() -> ThroughputMeter.builder().target("127.0.0.1").port(port).build().measure())
                .isInstanceOf(PeerRefusedException.class).hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("iperf3 -s");
    }

    @Test
    void aControlConnectionClosedMidTestGivesPeerLost() throws Exception {
        try (FakeIperf3Server s = new FakeIperf3Server((srv, c) -> {
            String cookie = readCookie(c);
            state(c, Iperf3Protocol.PARAM_EXCHANGE);
            readJson(c);
            state(c, Iperf3Protocol.CREATE_STREAMS);
            Socket data = srv.accept();
            assertThat(readCookie(data)).isEqualTo(cookie);
            state(c, Iperf3Protocol.TEST_START);
            state(c, Iperf3Protocol.TEST_RUNNING);
            Thread.sleep(300);
            c.close();
            data.close();
        })) {
            assertThatThrownBy(() -> meter(s).duration(Duration.ofSeconds(5)).build().measure())
                    .isInstanceOf(PeerLostException.class).hasMessageContaining("s into the test");
            s.await();
        }
    }

    @Test
    void aWholeReverseTestSendsIperf3sParametersAndResults() throws Exception {
        AtomicReference<JsonNode> params = new AtomicReference<>();
        AtomicReference<JsonNode> results = new AtomicReference<>();
        List<String> cookies = new ArrayList<>();
        try (FakeIperf3Server s = new FakeIperf3Server((srv, c) -> {
            cookies.add(readCookie(c));
            state(c, Iperf3Protocol.PARAM_EXCHANGE);
            params.set(readJson(c));
            state(c, Iperf3Protocol.CREATE_STREAMS);
            List<Socket> data = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Socket d = srv.accept();
                cookies.add(readCookie(d));
                data.add(d);
            }
            state(c, Iperf3Protocol.TEST_START);
            state(c, Iperf3Protocol.TEST_RUNNING);
            byte[] block = new byte[64 * 1024];
            InputStream ctl = c.getInputStream();
            long sent = 0;
            while (ctl.available() == 0) {          // send until TEST_END arrives
                for (Socket d : data) {
                    d.getOutputStream().write(block);
                    sent += block.length;
                }
            }
            assertThat(readState(c)).isEqualTo(Iperf3Protocol.TEST_END);
            for (Socket d : data) {
                d.close();
            }
            state(c, Iperf3Protocol.EXCHANGE_RESULTS);
            results.set(readJson(c));
            writeJson(c, "{\"cpu_util_total\":1,\"cpu_util_user\":1,\"cpu_util_system\":0,\"sender_has_retransmits\":1,"
                    + "\"streams\":[{\"id\":1,\"bytes\":" + sent / 2 + ",\"retransmits\":3,\"jitter\":0,\"errors\":0,"
                    + "\"packets\":0,\"start_time\":0,\"end_time\":1.0},{\"id\":3,\"bytes\":" + sent / 2
                    + ",\"retransmits\":2,\"jitter\":0,\"errors\":0,\"packets\":0,\"start_time\":0,\"end_time\":1.0}]}");
            state(c, Iperf3Protocol.DISPLAY_RESULTS);
            assertThat(readState(c)).isEqualTo(Iperf3Protocol.IPERF_DONE);
        })) {
            ThroughputResult r = meter(s).parallel(2).direction(Direction.RX).build().measure();
            s.await();

            assertThat(cookies).hasSize(3).allSatisfy(k -> assertThat(k).matches("[a-z2-7]{36}\u0000"));
            assertThat(cookies.get(1)).isEqualTo(cookies.get(0));
            assertThat(params.get().path("tcp").asBoolean()).isTrue();
            assertThat(params.get().path("reverse").asBoolean()).isTrue();
            assertThat(params.get().path("time").asInt()).isEqualTo(1);
            assertThat(params.get().path("parallel").asInt()).isEqualTo(2);
            assertThat(params.get().path("len").asInt()).isEqualTo(128 * 1024);
            assertThat(params.get().path("client_version").asText()).isEqualTo("3.12");
            JsonNode streams = results.get().path("streams");
            assertThat(streams.size()).isEqualTo(2);
            assertThat(streams.get(0).path("id").asInt()).isEqualTo(1);
            assertThat(streams.get(1).path("id").asInt()).isEqualTo(3);
            assertThat(results.get().path("sender_has_retransmits").asInt()).isEqualTo(-1);
            assertThat(r.method()).isEqualTo(ThroughputMethod.IPERF3);
            assertThat(r.direction()).isEqualTo(Direction.RX);
            assertThat(r.receiverBytes()).isPositive()
                    .isEqualTo(streams.get(0).path("bytes").asLong() + streams.get(1).path("bytes").asLong());
            assertThat(r.peerRetransmits()).hasValue(5);
            assertThat(r.intervals()).isNotEmpty();
        }
    }

    @Test
    void retryWhileBusyRunsTheTestOnceTheServerIsFree() throws Exception {
        try (FakeIperf3Server s = new FakeIperf3Server((srv, first) -> {
            state(first, Iperf3Protocol.ACCESS_DENIED);    // still busy with someone else's test
            first.close();
            try (Socket c = srv.accept()) {
                readCookie(c);
                state(c, Iperf3Protocol.PARAM_EXCHANGE);
                readJson(c);
                state(c, Iperf3Protocol.CREATE_STREAMS);
                try (Socket d = srv.accept()) {
                    readCookie(d);
                    state(c, Iperf3Protocol.TEST_START);
                    state(c, Iperf3Protocol.TEST_RUNNING);
                    InputStream data = d.getInputStream();
                    InputStream ctl = c.getInputStream();
                    byte[] buf = new byte[65536];
                    long got = 0;
                    d.setSoTimeout(50);
                    while (ctl.available() == 0) {
                        try {
                            int n = data.read(buf);
                            if (n > 0) {
                                got += n;
                            }
                        } catch (java.net.SocketTimeoutException idle) {
                            // the client stopped sending: TEST_END is on its way
                        }
                    }
                    assertThat(readState(c)).isEqualTo(Iperf3Protocol.TEST_END);
                    state(c, Iperf3Protocol.EXCHANGE_RESULTS);
                    readJson(c);
                    writeJson(c, "{\"cpu_util_total\":1,\"cpu_util_user\":1,\"cpu_util_system\":0,"
                            + "\"sender_has_retransmits\":-1,\"streams\":[{\"id\":1,\"bytes\":" + got
                            + ",\"retransmits\":-1,\"jitter\":0,\"errors\":0,\"packets\":0,\"start_time\":0,"
                            + "\"end_time\":1.0}]}");
                    state(c, Iperf3Protocol.DISPLAY_RESULTS);
                    assertThat(readState(c)).isEqualTo(Iperf3Protocol.IPERF_DONE);
                }
            }
        })) {
            ThroughputResult r = meter(s).retryWhileBusy(Duration.ofSeconds(5)).build().measure();
            s.await();
            assertThat(r.receiverBytes()).isPositive();
            assertThat(r.direction()).isEqualTo(Direction.TX);
        }
    }

    @Test
    void withoutRetryABusyServerFailsAtOnce() throws Exception {
        try (FakeIperf3Server s = new FakeIperf3Server((srv, c) -> state(c, Iperf3Protocol.ACCESS_DENIED))) {
            assertThatThrownBy(() -> meter(s).build().measure()).isInstanceOf(PeerBusyException.class);
            assertThat(meter(s).build().retryWhileBusy()).isZero();
        }
    }

    @Test
    void theCookieHas36CharactersAndANulAndStreamIdsSkipTwo() {
        byte[] c = Iperf3Protocol.cookie();
        assertThat(c).hasSize(37);
        assertThat(c[36]).isZero();
        assertThat(Iperf3Protocol.streamId(0)).isEqualTo(1);
        assertThat(Iperf3Protocol.streamId(1)).isEqualTo(3);
        assertThat(Iperf3Protocol.streamId(2)).isEqualTo(4);
    }
}
