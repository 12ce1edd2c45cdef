package io.nfvlightvirt.probes.throughput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Moves data on N non-blocking TCP streams for a fixed time on one thread (a selector), counting
 * bytes per stream and per reporting interval; watches a control channel on the same selector.
 */
final class DataPump {
    /** Called when the control channel is readable during the test; throws to end the test. */
    interface ControlWatch {
        void readable(Duration intoTest) throws IOException;
    }

    /**
     * What one run moved.
     *
     * @param perStream bytes per stream
     * @param total bytes in all
     * @param elapsedNanos from the start to the stop of the pump
     * @param intervals per-interval counts
     */
    record Counts(long[] perStream, long total, long elapsedNanos, List<IntervalSample> intervals) {}

    private final List<SocketChannel> streams;
    private final boolean send;
    private final String peer;
    private final Duration stall;
    private final ByteBuffer[] out;
    private final ByteBuffer in;
    private final Selector sel;

    /**
     * Prepares everything a run needs (buffers, selector, registrations) so that the run itself
     * starts moving data at once: the peer's clock may already be running.
     */
    DataPump(List<SocketChannel> streams, boolean send, int blockSize, String peer, Duration stall,
            SocketChannel control) throws IOException {
        this.streams = streams;
        this.send = send;
        this.peer = peer;
        this.stall = stall;
        ByteBuffer pattern = ByteBuffer.allocateDirect(blockSize);
        for (int i = 0; i < blockSize; i++) {
            pattern.put((byte) (i * 31 + 7));
        }
        pattern.flip();
        this.out = new ByteBuffer[streams.size()];
        this.in = ByteBuffer.allocateDirect(blockSize);
        this.sel = Selector.open();
        try {
            for (int i = 0; i < streams.size(); i++) {
                SocketChannel ch = streams.get(i);
                ch.configureBlocking(false);
                ch.register(sel, send ? SelectionKey.OP_WRITE : SelectionKey.OP_READ, i);
                out[i] = pattern.duplicate();
            }
            if (control != null) {
                control.register(sel, SelectionKey.OP_READ, -1);
            }
        } catch (IOException | RuntimeException e) {
            sel.close();
            throw e;
        }
    }

    /**
     * Runs for {@code duration}, then releases the selector (the channels stay open).
     *
     * @param duration how long
     * @param interval reporting interval
     * @param onControl what to do when the control channel given at construction is readable
     * @return the counts
     * @throws PeerLostException when a stream closes or resets, or nothing moves for the stall timeout
     * @throws IOException on a selector error, or {@link java.io.InterruptedIOException} when this thread is
     *     interrupted (the interrupt flag stays set)
     */
    Counts run(Duration duration, Duration interval, ControlWatch onControl) throws IOException {
        long[] perStream = new long[streams.size()];
        List<IntervalSample> samples = new ArrayList<>();
        try (sel) {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long step = interval.toNanos();
            long tickStart = start;
            long nextTick = start + step;
            long intervalBytes = 0;
            long lastProgress = start;
            long total = 0;
            long now = start;
            while (now - end < 0) {
                long wake = Math.min(end, nextTick) - now;
                long before = total;
                Connections.select(sel, Math.max(1, (wake + 999_999) / 1_000_000), () -> String.format(java.util.Locale.ROOT,
                        "the run was interrupted after %.1f s", (System.nanoTime() - start) / 1e9));
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    int idx = (Integer) k.attachment();
                    if (idx < 0) {
                        onControl.readable(Duration.ofNanos(System.nanoTime() - start));
                        continue;
                    }
                    SocketChannel ch = (SocketChannel) k.channel();
                    int n;
                    try {
                        if (send) {
                            ByteBuffer b = out[idx];
                            if (!b.hasRemaining()) {
                                b.rewind();
                            }
                            n = ch.write(b);
                        } else {
                            in.clear();
                            n = ch.read(in);
                            if (n < 0) {
                                throw lost("stream " + (idx + 1) + " of " + streams.size() + " was closed by " + peer,
                                        start, null);
                            }
                        }
                    } catch (IOException e) {
                        throw lost("stream " + (idx + 1) + " of " + streams.size() + " to " + peer + " failed", start, e);
                    }
                    if (n > 0) {
                        perStream[idx] += n;
                        total += n;
                        intervalBytes += n;
                    }
                }
                now = System.nanoTime();
                if (total != before) {
                    lastProgress = now;
                }
                while (now - nextTick >= 0 && nextTick - end <= 0) {
                    samples.add(new IntervalSample(Duration.ofNanos(tickStart - start), Duration.ofNanos(nextTick - start),
                            intervalBytes));
                    intervalBytes = 0;
                    tickStart = nextTick;
                    nextTick += step;
                }
                if (now - lastProgress > stall.toNanos()) {
                    throw lost("no data moved on any of the " + streams.size() + " stream(s) to " + peer + " for "
                            + stall.toMillis() + " ms: the peer is gone or the link is down", start, null);
                }
            }
            long stop = System.nanoTime();
            if (stop - tickStart > 1_000_000) {
                samples.add(new IntervalSample(Duration.ofNanos(tickStart - start), Duration.ofNanos(stop - start),
                        intervalBytes));
            }
            for (SelectionKey k : sel.keys()) {
                k.cancel();
            }
            sel.selectNow();
            return new Counts(perStream, total, stop - start, samples);
        }
    }

    /** Releases the selector when the run never happened. */
    void discard() {
        Connections.close(sel);
    }

    private PeerLostException lost(String what, long start, Throwable cause) {
        Duration after = Duration.ofNanos(System.nanoTime() - start);
        return new PeerLostException(what + ", " + String.format(java.util.Locale.ROOT, "%.2f", after.toNanos() / 1e9)
                + " s into the test", after, cause);
    }
}
