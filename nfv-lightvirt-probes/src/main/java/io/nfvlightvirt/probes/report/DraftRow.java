package io.nfvlightvirt.probes.report;

/**
 * One row of the draft's section 4 tables: the figures draft-natarajan-nfvrg-containers-for-nfv-03
 * reports for one technology, to print beside this host's.
 *
 * @param technology the draft's name for it, e.g. {@code tinyx.kvm}
 * @param backend our backend id
 * @param guestKind our guest kind
 * @param bootMs instantiation time, ms
 * @param txGbps throughput Tx, Gbit/s
 * @param rxGbps throughput Rx, Gbit/s
 * @param rttMs RTT under ping flood, ms
 * @param imageMB image size, MB
 * @param memoryMB memory usage, MB
 */
public record DraftRow(String technology, String backend, String guestKind, double bootMs, double txGbps,
        double rxGbps, double rttMs, double imageMB, double memoryMB) {}
