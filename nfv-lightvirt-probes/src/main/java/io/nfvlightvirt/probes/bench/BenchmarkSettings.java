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
 * @param unikernel the unikernel image booted for UNIKERNEL rows (Unikraft nfvsink), if any
 */
public record BenchmarkSettings(List<String> backends, List<GuestKind> guests, int repetitions,
        Duration throughputDuration, int pingCount, Duration bootTimeout, Optional<Path> unikernel) {

    /** Validates the values. */
    public BenchmarkSettings {
        backends = List.copyOf(backends);
        guests = List.copyOf(guests);
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

    /** @return the settings as strings, for the report */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("backends", backends.isEmpty() ? "all usable" : String.join(",", backends));
        m.put("guests", guests.isEmpty() ? "all supported" : guests.toString());
        m.put("repetitions", String.valueOf(repetitions));
        m.put("throughput duration", throughputDuration.toMillis() / 1000.0 + " s each way");
        m.put("ping flood count", String.valueOf(pingCount));
        m.put("boot timeout", bootTimeout.toSeconds() + " s");
        m.put("unikernel", unikernel.map(Path::toString).orElse("none given"));
        return m;
    }
}
