package io.nfvlightvirt.probes.boot;

import io.nfvlightvirt.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One boot, as a {@link BootWatch} saw it. The figure is {@link #instantiationTime()}: from
 * {@link #createCalled()} to {@link #firstAnswer()}, the pcap capture timestamp of the first RST
 * or SYN-ACK from the guest (taken by the kernel when the frame crossed the link, not by a Java
 * clock afterwards).
 *
 * @param link the link watched
 * @param target the guest as {@code address:port}
 * @param targetMac the guest's MAC
 * @param source the SYNs' source as {@code address:port}
 * @param createCalled when the boot began (create was called): the origin of every offset
 * @param watchStarted when {@link BootDetector#start} was entered
 * @param firstSynSent when the first SYN was handed to libpcap
 * @param firstAnswer capture time of the first answer
 * @param answer what the answer was
 * @param synsSent SYNs handed to the link
 * @param sendErrors SYNs the link refused (for example a tap before its guest attached)
 * @param answeredSyn which SYN (0-based) the answer acknowledged, -1 when it could not be told
 * @param answeredSynSent when that SYN was sent, if known
 * @param interval the SYN interval
 * @param timeline when other phases happened, as recorded on the watch (create returned, start returned)
 * @param detectorCpuTime CPU time the detector used for this boot: opening the watch, its sender and capture threads
 * @param nanosecondTimestamps whether capture timestamps had nanosecond (else microsecond) resolution
 */
public record BootResult(
        String link,
        String target,
        String targetMac,
        String source,
        Instant createCalled,
        Instant watchStarted,
        Instant firstSynSent,
        Instant firstAnswer,
        AnswerKind answer,
        long synsSent,
        long sendErrors,
        long answeredSyn,
        Optional<Instant> answeredSynSent,
        Duration interval,
        Map<Phase, Instant> timeline,
        Duration detectorCpuTime,
        boolean nanosecondTimestamps) {

    /** Checks for nulls and copies the timeline. */
    public BootResult {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(createCalled, "createCalled");
        Objects.requireNonNull(firstAnswer, "firstAnswer");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(answeredSynSent, "answeredSynSent");
        timeline = timeline.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(timeline));
    }

    /** @return the draft's instantiation time: create called until the first answer's capture */
    public Duration instantiationTime() {
        return Duration.between(createCalled, firstAnswer);
    }

    /**
     * @param phase a phase recorded on the watch
     * @return how long after create was called it happened
     */
    public Optional<Duration> offset(Phase phase) {
        return Optional.ofNullable(timeline.get(phase)).map(t -> Duration.between(createCalled, t));
    }

    /** @return time from the answered SYN's send to the answer's capture, when known */
    public Optional<Duration> answerLatency() {
        return answeredSynSent.map(s -> Duration.between(s, firstAnswer));
    }

    /** @return one line: the figure and the per-phase breakdown, in milliseconds from create called */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "%s from %s on %s: %.3f ms (", answer, target, link,
                ms(instantiationTime())));
        for (Phase p : Phase.values()) {
            if (p != Phase.CREATE_CALLED && timeline.containsKey(p)) {
                sb.append(p.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.3f", ms(offset(p).orElseThrow()))).append(", ");
            }
        }
        sb.append(String.format(java.util.Locale.ROOT, "watch %.3f, first SYN %.3f, answer %.3f ms; %d SYNs every %s",
                ms(Duration.between(createCalled, watchStarted)), ms(Duration.between(createCalled, firstSynSent)),
                ms(instantiationTime()), synsSent, interval));
        if (sendErrors > 0) {
            sb.append(", ").append(sendErrors).append(" refused by the link");
        }
        sb.append(')');
        return sb.toString();
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
