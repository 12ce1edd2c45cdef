package io.nfvlightvirt.probes.rtt;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One RTT measurement. {@link #rtt()} is the figure, timed between the same two points as
 * {@code ping}'s: from the moment the request is handed to the kernel (the clock is read right
 * before the {@code send} syscall, as ping reads it before {@code sendmsg}) to the kernel's
 * timestamp of the reply. {@link #wireRtt()} is the round trip on the guest's link alone, from the
 * capture timestamp of the request crossing the link to that of the reply: it leaves out the
 * host's send path, one to two microseconds on the machines this was built on.
 *
 * @param link the link the echoes crossed
 * @param target the guest's address
 * @param targetMac the guest's MAC
 * @param mode how requests were paced
 * @param interval the interval in {@link RttMode#INTERVAL} mode
 * @param sent requests sent
 * @param received requests that got a reply within the reply timeout
 * @param duplicates extra replies to requests already answered
 * @param rtt round trips from the send call to the capture of the reply (the figure, as ping's)
 * @param wireRtt round trips on the link, capture of the request to capture of the reply
 * @param elapsed from the first request to the end of the measurement
 * @param samples each round trip from the send call, in request order
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
        return String.format(Locale.ROOT, "%s %s on %s: %d transmitted, %d received, %.1f%% loss, rtt %s"
                + " (on the link: %s)", mode == RttMode.FLOOD ? "flood" : "every "
                + interval.map(Duration::toString).orElse("?"), target, link, sent, received, loss() * 100,
                rtt.describe(), wireRtt.describe());
    }
}
