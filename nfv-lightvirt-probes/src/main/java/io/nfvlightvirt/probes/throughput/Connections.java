package io.nfvlightvirt.probes.throughput;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Supplier;

/** Opening TCP connections with a deadline, and turning connect errors into the meter's errors. */
final class Connections {
    private Connections() {}

    /**
     * @param peer where to connect
     * @param timeout how long to wait for the handshake
     * @param what what the connection is for, for messages ("iperf3 control connection")
     * @param noDelay TCP_NODELAY: iperf3 sets it on the control connection only (data streams only with -N)
     * @return a connected, non-blocking channel
     * @throws PeerRefusedException when the peer refused
     * @throws PeerUnreachableException on a timeout or no route
     * @throws ThroughputException on another I/O error
     */
    static SocketChannel connect(InetSocketAddress peer, Duration timeout, String what, boolean noDelay) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
            if (!ch.connect(peer)) {
                try (Selector s = Selector.open()) {
                    ch.register(s, SelectionKey.OP_CONNECT);
                    long deadline = System.nanoTime() + timeout.toNanos();
                    while (!ch.finishConnect()) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new PeerUnreachableException("no answer from " + text(peer) + " within "
                                    + timeout.toMillis() + " ms when opening the " + what
                                    + ": is the guest up and the address right?", null);
                        }
                        select(s, Math.max(1, left / 1_000_000));
                        s.selectedKeys().clear();
                    }
                    ch.keyFor(s).cancel();
                    s.selectNow();
                }
            }
            return ch;
        } catch (ConnectException e) {
            close(ch);
            throw new PeerRefusedException(text(peer) + " refused the " + what + ": nothing listens on port "
                    + peer.getPort() + " (start iperf3 -s, or the discard/chargen service, in the guest)", e);
        } catch (NoRouteToHostException e) {
            close(ch);
            throw new PeerUnreachableException("no route to " + text(peer) + " for the " + what, e);
        } catch (IOException e) {
            close(ch);
            throw new ThroughputException("cannot open the " + what + " to " + text(peer), e);
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    static void close(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // closing after an error: the first error is the one reported
        }
    }

    /**
     * {@link Selector#select(long)}, then an {@link InterruptedIOException} when this thread was
     * interrupted: select returns at once on an interrupted thread, so a wait loop would spin until
     * its deadline instead of ending.
     *
     * @param sel the selector
     * @param timeoutMillis at most this long
     * @return the number of keys selected
     * @throws IOException on a selector error, or InterruptedIOException (the flag stays set)
     */
    static int select(Selector sel, long timeoutMillis) throws IOException {
        return select(sel, timeoutMillis, () -> "interrupted while waiting for the peer");
    }

    /**
     * {@link #select(Selector, long)} with the interruption's message given by the caller.
     *
     * @param sel the selector
     * @param timeoutMillis at most this long
     * @param interrupted the message of the InterruptedIOException
     * @return the number of keys selected
     * @throws IOException on a selector error, or InterruptedIOException (the flag stays set)
     */
    static int select(Selector sel, long timeoutMillis, Supplier<String> interrupted) throws IOException {
        int n = sel.select(timeoutMillis);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(interrupted.get());
        }
        return n;
    }
}
