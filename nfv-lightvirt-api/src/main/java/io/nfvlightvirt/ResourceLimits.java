package io.nfvlightvirt;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Limits beyond the spec's memory, which is always a hard limit where the backend offers
 * {@link Capability#MEMORY_LIMIT}. Empty means "no limit".
 *
 * @param cpus CPU bandwidth cap in CPUs (0.5 = half a core), or empty
 * @param pids maximum number of processes (containers), or empty
 */
public record ResourceLimits(OptionalDouble cpus, OptionalLong pids) {

    /** Validates the values when present. */
    public ResourceLimits {
        if (cpus == null) {
            throw new InvalidSpecException("limits.cpus", null, "use OptionalDouble.empty() for no limit");
        }
        if (pids == null) {
            throw new InvalidSpecException("limits.pids", null, "use OptionalLong.empty() for no limit");
        }
        if (cpus.isPresent() && (!(cpus.getAsDouble() > 0) || cpus.getAsDouble() > 1024)) {
            throw new InvalidSpecException("limits.cpus", cpus.getAsDouble(), "must be > 0 and <= 1024 CPUs");
        }
        if (pids.isPresent() && pids.getAsLong() < 1) {
            throw new InvalidSpecException("limits.pids", pids.getAsLong(), "must be at least 1");
        }
    }

    /** @return no limits */
    public static ResourceLimits none() {
        return new ResourceLimits(OptionalDouble.empty(), OptionalLong.empty());
    }

    /**
     * @param value CPU cap in CPUs
     * @return a copy with that cap
     */
    public ResourceLimits withCpus(double value) {
        return new ResourceLimits(OptionalDouble.of(value), pids);
    }

    /**
     * @param value process count cap
     * @return a copy with that cap
     */
    public ResourceLimits withPids(long value) {
        return new ResourceLimits(cpus, OptionalLong.of(value));
    }
}
