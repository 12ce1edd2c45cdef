/**
 * TCP throughput as the draft measures it, host to guest (Tx) and guest to host (Rx).
 * {@link io.nfvlightvirt.probes.throughput.ThroughputMeter} speaks the iperf3 control protocol as a
 * client, so a stock {@code iperf3 -s} in the guest is the peer; for guests without iperf3 a plain
 * TCP method sends to a discard service (TCP 9) or reads from a chargen service (TCP 19). Every
 * result says which method produced it.
 */
package io.nfvlightvirt.probes.throughput;
