package io.nfvlightvirt.probes.throughput;

import java.time.Duration;

/**
 * Bytes moved in one reporting interval of a throughput run, all streams together.
 *
 * @param start offset of the interval's start from the test's start
 * @param end offset of its end
 * @param bytes bytes moved in it, counted on the meter's side (written for Tx, read for Rx)
 */
public record IntervalSample(Duration start, Duration end, long bytes) {
    /** @return the interval's rate in Gbit/s (10^9 bits per second) */
    public double gbps() {
        long nanos = end.minus(start).toNanos();
        return nanos <= 0 ? 0 : bytes * 8.0 / nanos;
    }
}
