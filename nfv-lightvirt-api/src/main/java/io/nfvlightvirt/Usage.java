package io.nfvlightvirt;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Resource use of one instance at one moment.
 *
 * @param memoryBytes memory in use by the guest as the engine accounts it (container cgroup, or the guest's RSS)
 * @param cpuTime CPU time consumed since the instance started
 * @param sampledAt when the figures were read
 * @param source where they came from, e.g. {@code "cgroup-v1"}, {@code "docker-stats"}, {@code "libvirt-balloon"}
 */
public record Usage(long memoryBytes, Duration cpuTime, Instant sampledAt, String source) {
    /** Checks the values. */
    public Usage {
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes must be >= 0, was " + memoryBytes);
        }
        Objects.requireNonNull(cpuTime, "cpuTime");
        Objects.requireNonNull(sampledAt, "sampledAt");
        Objects.requireNonNull(source, "source");
    }
}
