package io.nfvlightvirt.probes.throughput;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One throughput run. The figure is {@link #gbps()}: bytes the receiving side got, over the
 * receiving side's time, as iperf3's "receiver" line. With {@link ThroughputMethod#IPERF3} in Tx
 * the receiver's count comes from the server's results; in Rx the meter is the receiver. With
 * {@link ThroughputMethod#PLAIN_TCP} in Tx the count is what the meter wrote, and the time runs
 * until the discard peer closed after reading all of it (so every byte counted was delivered).
 *
 * @param method how the figure was produced
 * @param direction which way the data flowed
 * @param peer the peer as {@code address:port}
 * @param streams parallel TCP streams
 * @param requested the requested duration
 * @param senderBytes bytes the sending side wrote during the test
 * @param senderTime the sending side's test time
 * @param receiverBytes bytes the receiving side read
 * @param receiverTime the receiving side's time
 * @param intervals per-interval figures counted on the meter's side
 * @param peerRetransmits TCP retransmissions the peer reported as sender (iperf3 Rx), when known
 */
public record ThroughputResult(
        ThroughputMethod method,
        Direction direction,
        String peer,
        int streams,
        Duration requested,
        long senderBytes,
        Duration senderTime,
        long receiverBytes,
        Duration receiverTime,
        List<IntervalSample> intervals,
        OptionalLong peerRetransmits) {

    /** Checks for nulls and copies the intervals. */
    public ThroughputResult {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(peer, "peer");
        intervals = List.copyOf(intervals);
        Objects.requireNonNull(peerRetransmits, "peerRetransmits");
    }

    /** @return the figure: received bits per receiver second, in Gbit/s (10^9 bit/s) */
    public double gbps() {
        return rate(receiverBytes, receiverTime);
    }

    /** @return bits written per sender second, in Gbit/s */
    public double senderGbps() {
        return rate(senderBytes, senderTime);
    }

    private static double rate(long bytes, Duration t) {
        long nanos = t.toNanos();
        return nanos <= 0 ? 0 : bytes * 8.0 / nanos;
    }

    /** @return one line: method, direction, peer, streams and both rates */
    public String describe() {
        return String.format(Locale.ROOT, "%s %s %s, %d stream%s, %.1f s: %.3f Gbit/s received (%.3f Gbit/s sent)",
                method == ThroughputMethod.IPERF3 ? "iperf3" : "plain-tcp", direction,
                direction == Direction.TX ? "to " + peer : "from " + peer, streams, streams == 1 ? "" : "s",
                receiverTime.toNanos() / 1e9, gbps(), senderGbps());
    }
}
