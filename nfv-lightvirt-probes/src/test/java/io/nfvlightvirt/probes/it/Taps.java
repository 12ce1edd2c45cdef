package io.nfvlightvirt.probes.it;

import java.time.Duration;

/** A persistent tap on the host with an address, for a QEMU guest; removed by the test's cleanup. */
final class Taps {
    private static final Duration IP = Duration.ofSeconds(10);

    private Taps() {}

    /**
     * @param name the tap's name (at most 15 characters)
     * @param hostCidr the host's address on it, e.g. 10.217.7.1/24
     */
    static void create(Cleanup cleanup, String name, String hostCidr) {
        Host.run(IP, "ip", "tuntap", "add", "dev", name, "mode", "tap");
        cleanup.push("tap " + name, () -> Host.run(IP, "ip", "link", "del", name));
        Host.run(IP, "ip", "addr", "add", hostCidr, "dev", name);
        Host.run(IP, "ip", "link", "set", name, "up");
    }
}
