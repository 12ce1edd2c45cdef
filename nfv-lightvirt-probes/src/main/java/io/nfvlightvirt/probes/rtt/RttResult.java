package io.nfvlightvirt.probes.rtt;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One RTT measurement. {@link #rtt()} is the figure comparable with {@code ping}: from the moment
 * a request was handed to the link to the capture timestamp of its reply. {@link #wireRtt()} is
 * the same round trip seen on the wire only (capture of the request to capture of the reply); it
 * leaves out the host's own send path and is a little shorter.
 *
 * @param link the link the echoes crossed
 * @param target the guest's address
 * @param targetMac the guest's MAC
 * @param mode how requests were paced
 * @param interval the interval in {@link RttMode#INTERVAL} mode
 * @param sent requests sent
 * @param received requests that got a reply within the reply timeout
 * @param duplicates extra replies to requests already answered
 * @param rtt send-to-reply round trips (the figure)
 * @param wireRtt capture-to-capture round trips, for the requests whose own capture was seen
 * @param elapsed from the first request to the end of the measurement
 * @param samples each answered round trip (send-to-reply), in request order
 */
public record RttResult(
        String link,
        String target,
        String targetMac,
        RttMode mode,
        Optional<Duration> interval,
        long sent,
        long received,
        long duplicates,
        RttStats rtt,
        RttStats wireRtt,
        Duration elapsed,
        List<Duration> samples) {

    /** Checks for nulls and copies the samples. */
    public RttResult {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(rtt, "rtt");
        samples = List.copyOf(samples);
    }

    /** @return the fraction of requests without a reply, 0..1 */
    public double loss() {
        return sent == 0 ? 0 : (double) (sent - received) / sent;
    }

    /** @return ping's summary: transmitted, received, loss, min/avg/max/mdev */
    public String describe() {
        return String.format(Locale.ROOT, "%s %s on %s: %d transmitted, %d received, %.1f%% loss, rtt %s (wire %s)",
                mode == RttMode.FLOOD ? "flood" : "every " + interval.map(Duration::toString).orElse("?"), target, link,
                sent, received, loss() * 100, rtt.describe(), wireRtt.describe());
    }
}
