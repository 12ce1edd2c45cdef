package io.nfvlightvirt.probes.it;

import io.nfvlightvirt.probes.boot.BootDetector;
import io.nfvlightvirt.probes.boot.BootWatch;
import io.nfvlightvirt.probes.rtt.RttMeter;
import java.time.Duration;

/**
 * Run by {@link ProbeErrorsIT} in a child JVM whose capability bounding set lacks CAP_NET_RAW:
 * prints what the boot detector and the RTT meter throw. Arguments: link, guest IP, guest MAC.
 */
public final class WithoutNetRawMain {
    private WithoutNetRawMain() {}

    public static void main(String[] args) {
        try (BootWatch w = BootDetector.builder().link(args[0]).target(args[1], args[2])
                .timeout(Duration.ofSeconds(1)).build().start()) {
            System.out.println("boot: no error");
        } catch (RuntimeException e) {
            System.out.println("boot: " + e.getClass().getName() + ": " + e.getMessage());
        }
        try {
            RttMeter.builder().link(args[0]).target(args[1], args[2]).count(1).build().measure();
            System.out.println("rtt: no error");
        } catch (RuntimeException e) {
            System.out.println("rtt: " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
