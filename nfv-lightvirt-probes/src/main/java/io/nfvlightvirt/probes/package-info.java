/** Measurement of VNFs as the draft does it: boot detection, RTT, throughput, and the benchmark runner. */
package io.nfvlightvirt.probes;
