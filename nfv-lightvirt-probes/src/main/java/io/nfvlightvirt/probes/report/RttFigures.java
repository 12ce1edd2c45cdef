package io.nfvlightvirt.probes.report;

/**
 * Round-trip times of one ping flood, in milliseconds, as {@code ping -f} prints them.
 *
 * @param n echo requests sent
 * @param min fastest reply
 * @param avg mean
 * @param max slowest reply
 * @param mdev mean deviation, as ping computes it (standard deviation of the samples)
 * @param lossPercent requests without a reply, in percent
 */
public record RttFigures(int n, double min, double avg, double max, double mdev, double lossPercent) {}
