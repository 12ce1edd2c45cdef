package io.nfvlightvirt.probes.bench;

import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.probes.boot.BootDetector;
import io.nfvlightvirt.probes.internal.Addresses;
import io.nfvlightvirt.probes.report.RttFigures;
import io.nfvlightvirt.probes.rtt.RttMeter;
import io.nfvlightvirt.probes.rtt.RttResult;
import io.nfvlightvirt.probes.rtt.RttStats;
import io.nfvlightvirt.probes.throughput.Direction;
import io.nfvlightvirt.probes.throughput.PeerRefusedException;
import io.nfvlightvirt.probes.throughput.ThroughputMeter;
import io.nfvlightvirt.probes.throughput.ThroughputResult;
import java.time.Duration;
import java.time.Instant;

/**
 * The real {@link GuestProbes}: the pcap4j SYN-flood {@link BootDetector} on the guest's link, the
 * ICMP flood {@link RttMeter}, and the {@link ThroughputMeter} speaking iperf3's protocol to the
 * guest's {@code iperf3 -s} (containers, Tinyx, standard VMs) or plain TCP to the discard and
 * chargen services of a unikernel (the Unikraft nfvsink guest has no iperf3).
 */
public final class PacketGuestProbes implements GuestProbes {
    /** How long an application that is slower than the guest's network stack (iperf3 under systemd) may take to listen. */
    private static final Duration LISTENER_WAIT = Duration.ofSeconds(90);

    @Override
    public BootWatch watchBoot(VnfInstance created, Duration timeout) {
        BootDetector.Builder b = BootDetector.builder().link(link(created)).target(ip(created), mac(created))
                .timeout(timeout);
        hostAddressBeside(ip(created)).ifPresent(b::source);
        BootDetector detector = b.build();
        // prepare() opens the capture before the boot is counted from create; begin() starts the SYNs
        io.nfvlightvirt.probes.boot.BootWatch watch = detector.prepare();
        try {
            watch.begin(created.at(Phase.CREATE_CALLED).orElse(Instant.now()));
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        return new BootWatch() {
            @Override
            public Instant awaitFirstAnswer() {
                return watch.awaitFirstAnswer().firstAnswer();
            }

            @Override
            public void close() {
                watch.close();
            }
        };
    }

    @Override
    public RttFigures pingFlood(VnfInstance running, int count) {
        RttMeter.Builder b = RttMeter.builder().link(link(running)).target(ip(running), mac(running)).count(count).flood();
        hostAddressBeside(ip(running)).ifPresent(b::source);
        RttResult r = b.build().measure();
        RttStats s = r.rtt();
        return new RttFigures((int) r.sent(), ms(s.min()), ms(s.avg()), ms(s.max()), ms(s.mdev()), r.loss() * 100);
    }

    @Override
    public Throughput throughput(VnfInstance running, boolean reverse, Duration duration) {
        boolean plain = running.guestKind() == GuestKind.UNIKERNEL;
        ThroughputMeter.Builder b = ThroughputMeter.builder().target(ip(running))
                .direction(reverse ? Direction.RX : Direction.TX).duration(duration)
                .retryWhileBusy(Duration.ofSeconds(10));
        if (plain) {
            b.plainTcp().port(reverse ? ThroughputMeter.CHARGEN_PORT : ThroughputMeter.DISCARD_PORT);
        } else {
            b.iperf3();
        }
        ThroughputMeter meter = b.build();
        long deadline = System.nanoTime() + LISTENER_WAIT.toNanos();
        while (true) {
            try {
                ThroughputResult r = meter.measure();
                return new Throughput(r.gbps(), plain ? "plain-tcp (discard 9 / chargen 19)" : "iperf3");
            } catch (PeerRefusedException e) {
                // the stack answers before the application listens (a standard VM starts iperf3 late)
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
            }
        }
    }

    /**
     * The host's own IPv4 address on the guest's subnet (the bridge's, when the guest's link is a tap
     * that carries no address itself), used as the probes' source so replies go to the host.
     */
    static java.util.Optional<String> hostAddressBeside(String guestIp) {
        try {
            byte[] g = java.net.InetAddress.getByName(guestIp).getAddress();
            for (java.net.NetworkInterface n : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (java.net.InterfaceAddress ia : n.getInterfaceAddresses()) {
                    if (!(ia.getAddress() instanceof java.net.Inet4Address a) || a.getHostAddress().equals(guestIp)) {
                        continue;
                    }
                    int prefix = ia.getNetworkPrefixLength();
                    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
                    int x = Addresses.toInt(a);
                    int y = Addresses.toInt((java.net.Inet4Address) java.net.InetAddress.getByAddress(g));
                    if (prefix >= 8 && (x & mask) == (y & mask)) {
                        return java.util.Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the guest's listener", e);
        }
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static String link(VnfInstance i) {
        return i.linkName().orElseThrow(() -> new InvalidSpecException("linkName", i.id(),
                "the instance names no host link, so no probe can reach it"));
    }

    private static String ip(VnfInstance i) {
        return i.ipv4().orElseThrow(() -> new InvalidSpecException("ipv4", i.id(), "the instance has no IPv4 address"));
    }

    private static String mac(VnfInstance i) {
        return i.mac().orElseThrow(() -> new InvalidSpecException("mac", i.id(), "the instance has no known MAC"));
    }
}
