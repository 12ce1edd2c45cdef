package io.nfvlightvirt.probes.throughput;

import java.io.IOException;
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

/**
 * Throughput without iperf3 on the guest. Tx: write to a discard service for the duration, then
 * end the stream and wait until the peer, having read everything, closes too: every byte counted
 * was delivered, and the receiver's time runs until that close. Rx: read from a chargen service
 * for the duration and count what arrived.
 */
final class PlainTcpSession {
    private final InetSocketAddress peer;
    private final String peerText;
    private final ThroughputMeter m;

    PlainTcpSession(InetSocketAddress peer, ThroughputMeter meter) {
        this.peer = peer;
        this.peerText = Connections.text(peer);
        this.m = meter;
    }

    ThroughputResult run() {
        boolean tx = m.direction() == Direction.TX;
        String service = tx ? "discard" : "chargen";
        List<SocketChannel> streams = new ArrayList<>();
        try {
            for (int i = 0; i < m.parallel(); i++) {
                streams.add(Connections.connect(peer, m.connectTimeout(), service + " connection " + (i + 1), false));
            }
            DataPump pump = new DataPump(streams, tx, m.blockSize(), peerText, m.stallTimeout(), null);
            long start = System.nanoTime();
            DataPump.Counts c = pump.run(m.duration(), m.reportInterval(), null);
            Duration sent = Duration.ofNanos(c.elapsedNanos());
            if (!tx) {
                return new ThroughputResult(ThroughputMethod.PLAIN_TCP, Direction.RX, peerText, m.parallel(),
                        m.duration(), c.total(), sent, c.total(), sent, c.intervals(), OptionalLong.empty());
            }
            long delivered = awaitPeerClose(streams, start, c);
            return new ThroughputResult(ThroughputMethod.PLAIN_TCP, Direction.TX, peerText, m.parallel(), m.duration(),
                    c.total(), sent, c.total(), Duration.ofNanos(delivered - start), c.intervals(),
                    OptionalLong.empty());
        } catch (IOException e) {
            throw new ThroughputException("plain TCP " + service + " test with " + peerText + " failed", e);
        } finally {
            for (SocketChannel s : streams) {
                Connections.close(s);
            }
        }
    }

    /** Ends our side of every stream and waits for the peer's close; returns when the last one came. */
    private long awaitPeerClose(List<SocketChannel> streams, long start, DataPump.Counts c) throws IOException {
        for (SocketChannel s : streams) {
            s.shutdownOutput();
        }
        long deadline = System.nanoTime() + m.stallTimeout().toNanos();
        ByteBuffer sink = ByteBuffer.allocate(4096);
        int open = streams.size();
        try (Selector sel = Selector.open()) {
            for (SocketChannel s : streams) {
                s.register(sel, SelectionKey.OP_READ);
            }
            while (open > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Duration after = Duration.ofNanos(System.nanoTime() - start);
                    throw new PeerLostException("the discard peer " + peerText + " did not close " + open + " of "
                            + streams.size() + " stream(s) within " + m.stallTimeout().toMillis() + " ms after our end"
                            + " of stream, so delivery of the " + c.total() + " bytes written is unconfirmed", after,
                            null);
                }
                Connections.select(sel, Math.max(1, left / 1_000_000));
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    sink.clear();
                    int n;
                    try {
                        n = ((SocketChannel) k.channel()).read(sink);
                    } catch (IOException e) {
                        Duration after = Duration.ofNanos(System.nanoTime() - start);
                        throw new PeerLostException("the discard peer " + peerText + " reset a stream instead of"
                                + " closing it after our end of stream", after, e);
                    }
                    if (n < 0) {
                        k.cancel();
                        open--;
                    }
                }
            }
        }
        return System.nanoTime();
    }
}
