package io.nfvlightvirt;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one instance a backend owns. It is a value: call
 * {@link VirtualizationBackend#inspect(String)} for a fresh one. Everything a probe needs to
 * reach the guest is here: its address, MAC and the host-side link it is attached to.
 *
 * @param id the backend's id for the instance (stable across restarts of the caller)
 * @param name the spec's name
 * @param backendId which backend owns it, e.g. {@code "docker"}
 * @param guestKind the kind of guest
 * @param state lifecycle state when the snapshot was taken
 * @param stateReason why it is in that state when the engine says (e.g. {@code "OOMKilled"}), else empty
 * @param ipv4 the guest's IPv4 address, when it has one
 * @param mac the guest's MAC, when known
 * @param linkName the host-side interface the guest's traffic crosses (bridge, tap or veth), for pcap
 * @param accelerator what runs the guest: {@code kvm}, {@code tcg}, {@code xen-pv}, {@code runc}, {@code runsc}
 * @param timeline when each provisioning phase happened
 * @param labels the user's labels from the spec
 */
public record VnfInstance(
        String id,
        String name,
        String backendId,
        GuestKind guestKind,
        VnfState state,
        Optional<String> stateReason,
        Optional<String> ipv4,
        Optional<String> mac,
        Optional<String> linkName,
        String accelerator,
        Map<Phase, Instant> timeline,
        Map<String, String> labels) {

    /** Checks that no component is null and copies the maps. */
    public VnfInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backendId, "backendId");
        Objects.requireNonNull(guestKind, "guestKind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateReason, "stateReason");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(linkName, "linkName");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(labels, "labels");
        timeline = timeline.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(timeline));
        labels = Map.copyOf(labels);
    }

    /**
     * @param phase a phase
     * @return when it happened, if it was recorded
     */
    public Optional<Instant> at(Phase phase) {
        return Optional.ofNullable(timeline.get(phase));
    }

    /**
     * @param from the earlier phase
     * @param to the later phase
     * @return the time between the two, when both were recorded
     */
    public Optional<Duration> between(Phase from, Phase to) {
        Instant a = timeline.get(from);
        Instant b = timeline.get(to);
        return a == null || b == null ? Optional.empty() : Optional.of(Duration.between(a, b));
    }

    /**
     * @param newState the state
     * @param reason why, or null
     * @return a copy with another state
     */
    public VnfInstance withState(VnfState newState, String reason) {
        return new VnfInstance(id, name, backendId, guestKind, newState, Optional.ofNullable(reason), ipv4, mac,
                linkName, accelerator, timeline, labels);
    }

    /**
     * @param phase a phase
     * @param when when it happened
     * @return a copy with that phase recorded
     */
    public VnfInstance withPhase(Phase phase, Instant when) {
        Map<Phase, Instant> t = new EnumMap<>(Phase.class);
        t.putAll(timeline);
        t.put(phase, when);
        return new VnfInstance(id, name, backendId, guestKind, state, stateReason, ipv4, mac, linkName, accelerator, t,
                labels);
    }
}
