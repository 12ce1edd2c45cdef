package io.nfvlightvirt.probes.bench;

import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.probes.report.RttFigures;
import java.time.Duration;
import java.time.Instant;

/**
 * The measurements the benchmark makes on a guest, behind one interface so the runner's logic can
 * be tested without a network. {@link PacketGuestProbes} is the real one (pcap4j SYN flood, ICMP
 * ping flood, iperf3 protocol or plain TCP).
 */
public interface GuestProbes {

    /**
     * Starts sending SYNs to the created (not yet started) instance on its link, and watching for
     * the first RST or SYN-ACK.
     *
     * @param created the instance, with address, MAC and link known
     * @param timeout how long {@link BootWatch#awaitFirstAnswer()} may wait
     * @return the watch; close it in every case
     */
    BootWatch watchBoot(VnfInstance created, Duration timeout);

    /**
     * @param running a running instance
     * @param count echo requests to send, flood mode
     * @return the round-trip figures
     */
    RttFigures pingFlood(VnfInstance running, int count);

    /**
     * @param running a running instance
     * @param reverse false: host sends to the guest (Tx); true: guest sends to the host (Rx)
     * @param duration how long to send
     * @return the figures
     */
    Throughput throughput(VnfInstance running, boolean reverse, Duration duration);

    /** An ongoing boot watch. */
    interface BootWatch extends AutoCloseable {
        /**
         * @return the capture timestamp of the first RST or SYN-ACK from the guest
         * @throws io.nfvlightvirt.OperationFailedException when none came within the timeout
         */
        Instant awaitFirstAnswer();

        /** Stops sending and capturing. */
        @Override
        void close();
    }

    /**
     * @param gbps Gbit/s
     * @param mode {@code iperf3} or {@code plain-tcp (discard/chargen)}
     */
    record Throughput(double gbps, String mode) {}
}
