package io.nfvlightvirt.probes.calibration;

import io.nfvlightvirt.probes.ProbeException;
import io.nfvlightvirt.probes.internal.Command;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A guest that is nothing but a Linux network stack: a veth pair whose far end lives in a network
 * namespace the rig creates, on a free 10.217.N.0/24. The far end's kernel answers a SYN to a
 * closed port with RST and an echo request with a reply at once, which makes it the reference for
 * what the probes themselves cost and resolve. The far address can be withheld and added later to
 * play a guest whose stack "comes up" at a known moment. Needs root; {@link #close()} deletes the
 * namespace and both veth ends.
 */
public final class VethRig implements AutoCloseable {
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);

    private final String netns;
    private final String hostLink;
    private final String farLink;
    private final int subnet;
    private final String farMac;
    private final Thread cleanupOnExit = new Thread(this::removeAll, "nfvlv-vethrig-cleanup");
    private boolean closed;

    private VethRig(String netns, String hostLink, String farLink, int subnet, String farMac) {
        this.netns = netns;
        this.hostLink = hostLink;
        this.farLink = farLink;
        this.subnet = subnet;
        this.farMac = farMac;
        // a JVM ended by a signal (a test run's timeout) still removes the namespace and veth
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /**
     * Creates the namespace, the veth pair and the host address; the far end gets its address
     * when {@code farAddressUp} is true.
     *
     * @param farAddressUp whether the far end answers from the start
     * @return the rig
     * @throws ProbeException when an {@code ip} command fails (everything created so far is removed)
     */
    public static VethRig create(boolean farAddressUp) {
        byte[] seed = new byte[3];
        new SecureRandom().nextBytes(seed);
        String id = HexFormat.of().formatHex(seed);
        int n = Subnets.freeSlash24();
        String ns = "nfvlv-cal-" + id;
        String host = "nfvlvc" + id + "h";
        String far = "nfvlvc" + id + "g";
        String farMac = String.format("02:17:%s:%s:%s:02", id.substring(0, 2), id.substring(2, 4), id.substring(4, 6));
        VethRig rig = new VethRig(ns, host, far, n, farMac);
        try {
            ip("netns", "add", ns);
            ip("link", "add", host, "type", "veth", "peer", "name", far, "netns", ns);
            ip("addr", "add", Subnets.address(n, 1) + "/24", "dev", host);
            ip("link", "set", host, "up");
            ipns(ns, "link", "set", "lo", "up");
            ipns(ns, "link", "set", far, "address", farMac);
            ipns(ns, "link", "set", far, "up");
            if (farAddressUp) {
                rig.farAddressUp();
            }
            return rig;
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    /** Gives the far end its address: from now on its kernel answers. */
    public void farAddressUp() {
        ipns(netns, "addr", "add", farAddress() + "/24", "dev", farLink);
    }

    /** Takes the far end's address away: from now on its kernel ignores frames to it. */
    public void farAddressDown() {
        ipns(netns, "addr", "del", farAddress() + "/24", "dev", farLink);
    }

    /** @return the host-side veth, the link to give a probe */
    public String hostLink() {
        return hostLink;
    }

    /** @return the far (namespace) end of the veth pair */
    public String farLink() {
        return farLink;
    }

    /**
     * @param host last octet
     * @return an address in the rig's /24
     */
    public String address(int host) {
        return Subnets.address(subnet, host);
    }

    /** @return the host's address on the link */
    public String hostAddress() {
        return Subnets.address(subnet, 1);
    }

    /** @return the far end's address */
    public String farAddress() {
        return Subnets.address(subnet, 2);
    }

    /** @return the far end's MAC */
    public String farMac() {
        return farMac;
    }

    /** @return the network namespace holding the far end */
    public String netns() {
        return netns;
    }

    private static void ip(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "ip";
        System.arraycopy(args, 0, argv, 1, args.length);
        Command.run(IP_TIMEOUT, argv);
    }

    private static void ipns(String ns, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "ip";
        argv[1] = "-n";
        argv[2] = ns;
        System.arraycopy(args, 0, argv, 3, args.length);
        Command.run(IP_TIMEOUT, argv);
    }

    /** Deletes the namespace (and with it the far veth end) and the host end. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        removeAll();
    }

    private void removeAll() {
        Command.exec(IP_TIMEOUT, "ip", "netns", "del", netns);
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/sys/class/net", hostLink))) {
            Command.exec(IP_TIMEOUT, "ip", "link", "del", hostLink);
        }
    }

    @Override
    public String toString() {
        return "VethRig[" + hostLink + " " + hostAddress() + " <-> " + netns + "/" + farLink + " " + farAddress() + " "
                + farMac + "]";
    }
}
