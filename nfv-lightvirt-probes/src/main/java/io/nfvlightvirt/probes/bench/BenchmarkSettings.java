package io.nfvlightvirt.probes.bench;

import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.InvalidSpecException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a benchmark run is configured.
 *
 * @param backends backend ids to run, in order (empty: every usable backend found)
 * @param guests guest kinds to run where the backend supports them (empty: all it supports)
 * @param repetitions instantiations measured per backend and guest kind (the draft's boot figure is their median)
 * @param throughputDuration how long each of Tx and Rx sends
 * @param pingCount echo requests in the ping flood
 * @param bootTimeout how long one guest may take to answer its first SYN
 * @param unikernel the unikernel kernel file booted for UNIKERNEL rows; empty: the backend's built-in (kvm: Unikraft nfvsink)
 * @param backendOptions per backend id, the options it is opened with ({@link io.nfvlightvirt.BackendConfig#options()})
 * @param warmUp whether each row starts with one uncounted instantiation (the image is prepared
 *     before the timed runs either way; the warm-up also takes first-start costs such as loading the
 *     hypervisor's binary out of the figures)
 */
public record BenchmarkSettings(List<String> backends, List<GuestKind> guests, int repetitions,
        Duration throughputDuration, int pingCount, Duration bootTimeout, Optional<Path> unikernel,
        Map<String, Map<String, String>> backendOptions, boolean warmUp) {

    /** Validates the values. */
    public BenchmarkSettings {
        backends = List.copyOf(backends);
        guests = List.copyOf(guests);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        backendOptions.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        backendOptions = java.util.Collections.unmodifiableMap(copy);
        if (repetitions < 1 || repetitions > 1000) {
            throw new InvalidSpecException("repetitions", repetitions, "must be between 1 and 1000");
        }
        if (throughputDuration.isNegative() || throughputDuration.isZero() || throughputDuration.toSeconds() > 600) {
            throw new InvalidSpecException("throughputDuration", throughputDuration, "must be between 1 ms and 600 s");
        }
        if (pingCount < 1 || pingCount > 1_000_000) {
            throw new InvalidSpecException("pingCount", pingCount, "must be between 1 and 1000000");
        }
        if (bootTimeout.isNegative() || bootTimeout.isZero()) {
            throw new InvalidSpecException("bootTimeout", bootTimeout, "must be positive");
        }
    }

    /**
     * Settings with no backend options.
     *
     * @param backends backend ids
     * @param guests guest kinds
     * @param repetitions instantiations per row
     * @param throughputDuration each throughput direction
     * @param pingCount echo requests
     * @param bootTimeout per guest
     * @param unikernel the unikernel kernel file, or empty for the backend's built-in
     */
    public BenchmarkSettings(List<String> backends, List<GuestKind> guests, int repetitions, Duration throughputDuration,
            int pingCount, Duration bootTimeout, Optional<Path> unikernel) {
        this(backends, guests, repetitions, throughputDuration, pingCount, bootTimeout, unikernel, Map.of(), true);
    }

    /**
     * @param backendId a backend id
     * @return the options that backend is opened with (empty when none were given)
     */
    public Map<String, String> optionsOf(String backendId) {
        return backendOptions.getOrDefault(backendId, Map.of());
    }

    /** @return the settings as strings, for the report */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("backends", backends.isEmpty() ? "all usable" : String.join(",", backends));
        m.put("guests", guests.isEmpty() ? "all supported" : guests.toString());
        m.put("repetitions", String.valueOf(repetitions) + (warmUp ? " (after one uncounted warm-up)" : " (no warm-up)"));
        m.put("throughput duration", throughputDuration.toMillis() / 1000.0 + " s each way");
        m.put("ping flood count", String.valueOf(pingCount));
        m.put("boot timeout", bootTimeout.toSeconds() + " s");
        m.put("unikernel", unikernel.map(Path::toString).orElse("the backend's built-in"));
        backendOptions.forEach((id, o) -> {
            if (!o.isEmpty()) {
                m.put("options of " + id, o.toString());
            }
        });
        return m;
    }
}
