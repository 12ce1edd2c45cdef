package io.nfvlightvirt.libvirt.domain;

import java.time.Duration;

/**
 * A CPU bandwidth cap for the whole guest ({@code <cputune><global_period>/<global_quota>}),
 * enforced by the host's CPU cgroup.
 *
 * @param period the accounting period
 * @param quota CPU time allowed per period across all vCPUs
 */
public record CpuTune(Duration period, Duration quota) {
    /** Checks the values against libvirt's limits. */
    public CpuTune {
        long p = period.toNanos() / 1000;
        long q = quota.toNanos() / 1000;
        if (p < 1000 || p > 1_000_000) {
            throw new IllegalArgumentException("cpu period must be between 1 ms and 1 s, was " + period);
        }
        if (q < 1000) {
            throw new IllegalArgumentException("cpu quota must be at least 1 ms, was " + quota);
        }
    }

    /**
     * @param cpus CPUs' worth of time, e.g. 0.5
     * @return a cap of that many CPUs over a 100 ms period
     */
    public static CpuTune ofCpus(double cpus) {
        Duration period = Duration.ofMillis(100);
        long quotaMicros = Math.max(1000, Math.round(cpus * 100_000));
        return new CpuTune(period, Duration.ofNanos(quotaMicros * 1000));
    }
}
