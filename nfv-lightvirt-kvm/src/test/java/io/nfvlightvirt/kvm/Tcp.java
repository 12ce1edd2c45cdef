package io.nfvlightvirt.kvm;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Polls a guest's TCP port until it answers a SYN (SYN-ACK: connected, RST: refused), with plain sockets. */
final class Tcp {
    /** How the guest answered. */
    enum Answer { SYN_ACK, RST }

    /**
     * @param answer SYN-ACK or RST
     * @param afterNanos {@link System#nanoTime()} when the answer was seen
     */
    record Result(Answer answer, long afterNanos) {}

    private Tcp() {}

    /**
     * @param ip guest address (on a link the test created)
     * @param port port
     * @param timeout deadline
     * @return the first answer
     * @throws AssertionError when nothing answered in time
     */
    static Result awaitAnswer(String ip, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), 20);
                return new Result(Answer.SYN_ACK, System.nanoTime());
            } catch (ConnectException e) {
                if (e.getMessage() != null && e.getMessage().contains("refused")) {
                    return new Result(Answer.RST, System.nanoTime());
                }
                pause();
            } catch (SocketTimeoutException | NoRouteToHostException e) {
                // not up yet
                if (!(e instanceof SocketTimeoutException)) {
                    pause();
                }
            } catch (IOException e) {
                pause();
            }
        }
        throw new AssertionError("no TCP answer from " + ip + ":" + port + " within " + timeout);
    }

    /**
     * @param ip guest address
     * @param port a port the guest listens on
     * @param timeout deadline
     * @return when the guest first completed a handshake (an RST before that means its stack is up
     *     but the service is not listening yet, and polling goes on)
     */
    static Result awaitSynAck(String ip, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new AssertionError("no SYN-ACK from " + ip + ":" + port + " within " + timeout);
            }
            Result r = awaitAnswer(ip, port, left);
            if (r.answer() == Answer.SYN_ACK) {
                return r;
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
