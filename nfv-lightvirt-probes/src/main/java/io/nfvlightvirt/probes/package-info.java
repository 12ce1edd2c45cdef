/**
 * Measurement of VNFs as draft-natarajan-nfvrg-containers-for-nfv-03 does it:
 * {@link io.nfvlightvirt.probes.boot.BootDetector} (instantiation time: create until the guest
 * answers a TCP SYN), {@link io.nfvlightvirt.probes.rtt.RttMeter} (round-trip time under an ICMP
 * ping flood) and {@link io.nfvlightvirt.probes.throughput.ThroughputMeter} (TCP throughput Tx and
 * Rx against a stock {@code iperf3 -s}, or a discard/chargen peer). The first two send and capture
 * raw frames on the guest's host-side link with libpcap and need root or {@code CAP_NET_RAW}; this
 * package holds the errors all three share.
 */
package io.nfvlightvirt.probes;
