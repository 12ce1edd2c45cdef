package io.nfvlightvirt.probes.throughput;

import java.time.Duration;

/**
 * The peer went away in the middle of a test: it closed or reset a connection, the iperf3 server
 * ended the test, or no data moved on any stream for the stall timeout. The message says what
 * happened and how far into the test; {@link #after()} gives the time.
 */
public class PeerLostException extends ThroughputException {
    private static final long serialVersionUID = 1L;

    private final Duration after;

    /**
     * @param message what happened, naming the peer
     * @param after how long after the test's start it happened
     * @param cause the I/O error, or null
     */
    public PeerLostException(String message, Duration after, Throwable cause) {
        super(message, cause);
        this.after = after;
    }

    /** @return how long after the test's start the peer was lost */
    public Duration after() {
        return after;
    }
}
