package io.nfvlightvirt.probes.throughput;

import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.ACCESS_DENIED;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.CREATE_STREAMS;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.DISPLAY_RESULTS;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.EXCHANGE_RESULTS;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.IPERF_DONE;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.PARAM_EXCHANGE;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.SERVER_ERROR;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.SERVER_TERMINATE;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.TEST_END;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.TEST_RUNNING;
import static io.nfvlightvirt.probes.throughput.Iperf3Protocol.TEST_START;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test as an iperf3 client, following {@code iperf_run_client} of esnet/iperf 3.12: cookie,
 * PARAM_EXCHANGE (our JSON parameters), CREATE_STREAMS (N data connections, each opened with the
 * cookie), TEST_START and TEST_RUNNING, data for the duration, TEST_END, EXCHANGE_RESULTS (our
 * JSON results, then the server's), DISPLAY_RESULTS, IPERF_DONE.
 */
final class Iperf3Session {
    private static final Logger LOG = LoggerFactory.getLogger(Iperf3Session.class);
    private static final Duration HANDSHAKE = Duration.ofSeconds(15);

    private final InetSocketAddress peer;
    private final String peerText;
    private final ThroughputMeter m;
    private boolean running;

    Iperf3Session(InetSocketAddress peer, ThroughputMeter meter) {
        this.peer = peer;
        this.peerText = Connections.text(peer);
        this.m = meter;
    }

    ThroughputResult run() {
        List<SocketChannel> streams = new ArrayList<>();
        Control ctl = null;
        DataPump pump = null;
        try {
            ctl = new Control(Connections.connect(peer, m.connectTimeout(), "iperf3 control connection", true));
            byte[] cookie = Iperf3Protocol.cookie();
            ctl.write(cookie, deadline());
            expect(ctl, PARAM_EXCHANGE, "after the cookie");
            ctl.writeJson(parameters(), deadline());
            expect(ctl, CREATE_STREAMS, "after the parameters");
            for (int i = 0; i < m.parallel(); i++) {
                SocketChannel s = Connections.connect(peer, m.connectTimeout(), "iperf3 data stream " + (i + 1),
                        false);
                streams.add(s);
                writeAll(s, cookie);
            }
            boolean tx = m.direction() == Direction.TX;
            // everything the data needs is ready before the server's clock starts at TEST_START
            pump = new DataPump(streams, tx, m.blockSize(), peerText, m.stallTimeout(), ctl.channel());
            expect(ctl, TEST_START, "after the streams were opened");
            expect(ctl, TEST_RUNNING, "after TEST_START");
            running = true;

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = cpuTime(threads);
            long user0 = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadUserTime() : 0;
            final Control control = ctl;
            DataPump started = pump;
            pump = null;
            DataPump.Counts counts = started.run(m.duration(), m.reportInterval(), into -> duringTest(control, into));
            double wallSec = counts.elapsedNanos() / 1e9;
            double cpuTotal = (cpuTime(threads) - cpu0) / 1e9 / wallSec * 100;
            double cpuUser = threads.isCurrentThreadCpuTimeSupported()
                    ? (threads.getCurrentThreadUserTime() - user0) / 1e9 / wallSec * 100 : 0;

            ctl.writeState(TEST_END, deadline());
            if (!tx) {
                drainUntilResults(ctl, streams);
            } else {
                expect(ctl, EXCHANGE_RESULTS, "after TEST_END");
            }
            ctl.writeJson(results(counts, tx, cpuTotal, Math.min(cpuTotal, cpuUser)), deadline());
            JsonNode server = ctl.readJson(deadline());
            LOG.debug("iperf3 server results: {}", server);
            expect(ctl, DISPLAY_RESULTS, "after the results");
            for (SocketChannel s : streams) {
                Connections.close(s);
            }
            ctl.writeState(IPERF_DONE, deadline());
            return result(counts, server, tx);
        } catch (EOFException e) {
            throw new NotStartedException("the iperf3 server at " + peerText + " closed the control connection before"
                    + " the test began (is it an iperf3 server?)", e);
        } catch (TimeoutException e) {
            throw new ThroughputException("the iperf3 server at " + peerText + " did not answer on the control"
                    + " connection within " + HANDSHAKE.toSeconds() + " s");
        } catch (IOException e) {
            if (!running) {
                throw new NotStartedException("the iperf3 server at " + peerText + " reset the control connection"
                        + " before the test began", e);
            }
            throw new ThroughputException("iperf3 test with " + peerText + " failed", e);
        } finally {
            if (pump != null) {
                pump.discard();
            }
            for (SocketChannel s : streams) {
                Connections.close(s);
            }
            if (ctl != null) {
                ctl.close();
            }
        }
    }

    private static long cpuTime(ThreadMXBean threads) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    private static long deadline() {
        return System.nanoTime() + HANDSHAKE.toNanos();
    }

    private void expect(Control ctl, int wanted, String when) throws IOException, TimeoutException {
        int state;
        try {
            state = ctl.readState(deadline());
        } catch (EOFException e) {
            String msg = "the iperf3 server at " + peerText + " closed the control connection " + when + " (expected "
                    + Iperf3Protocol.stateName(wanted) + ")";
            throw running ? new ThroughputException(msg) : new NotStartedException(msg, null);
        }
        if (state == wanted) {
            return;
        }
        switch (state) {
            case ACCESS_DENIED -> throw new PeerBusyException("the iperf3 server at " + peerText + " is busy running"
                    + " a test (it answered ACCESS_DENIED: \"the server is busy running a test. try again later\")");
            case SERVER_ERROR -> throw serverError(ctl);
            case SERVER_TERMINATE -> throw new ThroughputException("the iperf3 server at " + peerText
                    + " terminated the test " + when);
            default -> throw new ThroughputException("the iperf3 server at " + peerText + " sent "
                    + Iperf3Protocol.stateName(state) + " " + when + " where " + Iperf3Protocol.stateName(wanted)
                    + " was expected");
        }
    }

    private ThroughputException serverError(Control ctl) throws IOException, TimeoutException {
        int iErrno = ctl.readInt(deadline());
        int errno = ctl.readInt(deadline());
        return new ThroughputException("the iperf3 server at " + peerText + " reported an error: "
                + Iperf3Protocol.error(iErrno, errno));
    }

    /** Control readable while data flows: only the end of the server's test can come now. */
    private void duringTest(Control ctl, Duration into) throws IOException {
        boolean open;
        try {
            open = ctl.fill();
        } catch (IOException e) {
            throw lost("the control connection to " + peerText + " failed", into, e);
        }
        while (ctl.buffered()) {
            int state = ctl.nextBuffered();
            switch (state) {
                case SERVER_TERMINATE -> throw lost("the iperf3 server at " + peerText + " terminated the test", into,
                        null);
                case SERVER_ERROR -> {
                    try {
                        throw serverError(ctl);
                    } catch (TimeoutException e) {
                        throw lost("the iperf3 server at " + peerText + " reported an error and went silent", into,
                                null);
                    }
                }
                default -> throw new ThroughputException("the iperf3 server at " + peerText + " sent "
                        + Iperf3Protocol.stateName(state) + " in the middle of the test");
            }
        }
        if (!open) {
            throw lost("the iperf3 server at " + peerText + " closed the control connection", into, null);
        }
    }

    private static PeerLostException lost(String what, Duration into, Throwable cause) {
        return new PeerLostException(what + String.format(java.util.Locale.ROOT, ", %.2f s into the test",
                into.toNanos() / 1e9), into, cause);
    }

    /** Reverse mode: keep reading the streams (the server may be blocked writing) until EXCHANGE_RESULTS. */
    private void drainUntilResults(Control ctl, List<SocketChannel> streams) throws IOException, TimeoutException {
        long deadline = deadline();
        ByteBuffer sink = ByteBuffer.allocateDirect(m.blockSize());
        try (Selector sel = Selector.open()) {
            for (SocketChannel s : streams) {
                s.register(sel, SelectionKey.OP_READ);
            }
            ctl.channel().register(sel, SelectionKey.OP_READ);
            while (true) {
                if (!ctl.fill()) {
                    throw new ThroughputException("the iperf3 server at " + peerText + " closed the control connection"
                            + " after TEST_END (expected EXCHANGE_RESULTS)");
                }
                if (ctl.buffered()) {
                    int state = ctl.nextBuffered();
                    if (state == EXCHANGE_RESULTS) {
                        return;
                    }
                    if (state == SERVER_ERROR) {
                        throw serverError(ctl);
                    }
                    throw new ThroughputException("the iperf3 server at " + peerText + " sent "
                            + Iperf3Protocol.stateName(state) + " after TEST_END (expected EXCHANGE_RESULTS)");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                Connections.select(sel, Math.max(1, left / 1_000_000));
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.channel() != ctl.channel()) {
                        sink.clear();
                        int n;
                        try {
                            n = ((SocketChannel) k.channel()).read(sink);
                        } catch (IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            k.cancel();
                        }
                    }
                }
            }
        }
    }

    private ObjectNode parameters() {
        ObjectNode j = Control.json().createObjectNode();
        j.put("tcp", true);
        j.put("omit", 0);
        j.put("time", m.duration().toSeconds());
        j.put("num", 0);
        j.put("blockcount", 0);
        j.put("parallel", m.parallel());
        if (m.direction() == Direction.RX) {
            j.put("reverse", true);
        }
        j.put("len", m.blockSize());
        j.put("pacing_timer", 1000);
        j.put("client_version", Iperf3Protocol.CLIENT_VERSION);
        return j;
    }

    private ObjectNode results(DataPump.Counts c, boolean tx, double cpuTotal, double cpuUser) {
        ObjectNode j = Control.json().createObjectNode();
        j.put("cpu_util_total", cpuTotal);
        j.put("cpu_util_user", cpuUser);
        j.put("cpu_util_system", Math.max(0, cpuTotal - cpuUser));
        j.put("sender_has_retransmits", tx ? 0 : -1);
        ArrayNode streams = j.putArray("streams");
        double seconds = c.elapsedNanos() / 1e9;
        for (int i = 0; i < c.perStream().length; i++) {
            ObjectNode s = streams.addObject();
            s.put("id", Iperf3Protocol.streamId(i));
            s.put("bytes", c.perStream()[i]);
            s.put("retransmits", -1);
            s.put("jitter", 0);
            s.put("errors", 0);
            s.put("packets", 0);
            s.put("start_time", 0);
            s.put("end_time", seconds);
        }
        return j;
    }

    private ThroughputResult result(DataPump.Counts c, JsonNode server, boolean tx) {
        JsonNode streams = server.path("streams");
        if (!streams.isArray() || streams.size() != m.parallel()) {
            throw new ThroughputException("the iperf3 server at " + peerText + " sent results for "
                    + (streams.isArray() ? streams.size() : 0) + " streams, " + m.parallel() + " were run: " + server);
        }
        long peerBytes = 0;
        double peerSeconds = 0;
        long retrans = 0;
        boolean retransKnown = false;
        for (JsonNode s : streams) {
            peerBytes += s.path("bytes").asLong();
            peerSeconds = Math.max(peerSeconds, s.path("end_time").asDouble() - s.path("start_time").asDouble());
            long r = s.path("retransmits").asLong(-1);
            if (r >= 0) {
                retrans += r;
                retransKnown = true;
            }
        }
        Duration ours = Duration.ofNanos(c.elapsedNanos());
        Duration theirs = Duration.ofNanos(Math.round(peerSeconds * 1e9));
        if (tx) {
            return new ThroughputResult(ThroughputMethod.IPERF3, Direction.TX, peerText, m.parallel(), m.duration(),
                    c.total(), ours, peerBytes, theirs, c.intervals(), OptionalLong.empty());
        }
        return new ThroughputResult(ThroughputMethod.IPERF3, Direction.RX, peerText, m.parallel(), m.duration(),
                peerBytes, theirs, c.total(), ours, c.intervals(),
                retransKnown ? OptionalLong.of(retrans) : OptionalLong.empty());
    }

    private void writeAll(SocketChannel s, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long deadline = deadline();
        while (b.hasRemaining()) {
            if (s.write(b) == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("could not write the cookie to a data stream");
                }
                Thread.onSpinWait();
            }
        }
    }
}
