package io.nfvlightvirt.probes.throughput;

/**
 * The peer refused the connection: nothing listens on the port (no {@code iperf3 -s} running, no
 * discard or chargen service).
 */
public class PeerRefusedException extends ThroughputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which peer and port
     * @param cause the connect error
     */
    public PeerRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
