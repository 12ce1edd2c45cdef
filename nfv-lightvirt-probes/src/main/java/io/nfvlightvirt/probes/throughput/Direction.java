package io.nfvlightvirt.probes.throughput;

/** Which way the data flows, seen from the host running the meter. */
public enum Direction {
    /** Host to guest: the meter sends (iperf3's default). */
    TX,
    /** Guest to host: the guest sends, the meter receives (iperf3 {@code -R}). */
    RX
}
