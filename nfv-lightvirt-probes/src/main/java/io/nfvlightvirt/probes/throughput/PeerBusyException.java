package io.nfvlightvirt.probes.throughput;

/**
 * The iperf3 server is running another client's test and refused this one: it answered
 * ACCESS_DENIED ("the server is busy running a test. try again later"). Retrying later may work.
 */
public class PeerBusyException extends ThroughputException {
    private static final long serialVersionUID = 1L;

    /** @param message which server, and what it said */
    public PeerBusyException(String message) {
        super(message);
    }
}
