package io.nfvlightvirt.probes.throughput;

import io.nfvlightvirt.probes.ProbeException;

/**
 * A throughput run failed. Subtypes name what the caller can act on: {@link PeerBusyException},
 * {@link PeerRefusedException}, {@link PeerUnreachableException}, {@link PeerLostException}; this
 * type itself covers protocol errors and errors the iperf3 server reported.
 */
public class ThroughputException extends ProbeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the peer */
    public ThroughputException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the peer; the cause's message is appended
     * @param cause the I/O error
     */
    public ThroughputException(String message, Throwable cause) {
        super(message, cause);
    }
}
