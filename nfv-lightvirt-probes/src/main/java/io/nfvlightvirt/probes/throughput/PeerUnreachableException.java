package io.nfvlightvirt.probes.throughput;

/** The peer did not answer the connection attempt within the connect timeout, or has no route. */
public class PeerUnreachableException extends ThroughputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which peer, and how long the meter waited
     * @param cause the connect error, or null on a timeout
     */
    public PeerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
