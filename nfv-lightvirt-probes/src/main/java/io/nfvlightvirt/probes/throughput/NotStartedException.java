package io.nfvlightvirt.probes.throughput;

/**
 * The iperf3 server closed or reset the control connection before the test began: what a 3.12
 * server does to a client that reached its old listener while it was re-creating it after a test.
 * Package-private: callers see a {@link ThroughputException}; {@link ThroughputMeter} may retry it.
 */
final class NotStartedException extends ThroughputException {
    private static final long serialVersionUID = 1L;

    NotStartedException(String message, Throwable cause) {
        super(message, cause);
    }
}
