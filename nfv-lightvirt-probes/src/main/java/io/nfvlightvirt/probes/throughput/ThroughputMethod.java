package io.nfvlightvirt.probes.throughput;

/** How a throughput figure was produced. */
public enum ThroughputMethod {
    /** The iperf3 control protocol against a stock {@code iperf3 -s} (default port 5201). */
    IPERF3,
    /**
     * Plain TCP: Tx writes to a discard service (default port 9) and counts bytes the peer
     * confirmed by closing after our end of stream; Rx reads from a chargen service (default
     * port 19) and counts bytes delivered.
     */
    PLAIN_TCP
}
