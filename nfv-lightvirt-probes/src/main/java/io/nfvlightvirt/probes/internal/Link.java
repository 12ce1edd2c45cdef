package io.nfvlightvirt.probes.internal;

import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.probes.ProbeException;
import io.nfvlightvirt.probes.UnknownLinkException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the probes need to know about a host-side link (bridge, tap, veth): that it exists, is up,
 * its MAC and its IPv4 addresses. Read from the kernel through {@link NetworkInterface}.
 *
 * @param name the interface name
 * @param mac the interface's MAC
 * @param addresses its IPv4 addresses with their prefix lengths
 */
public record Link(String name, byte[] mac, List<Prefix> addresses) {

    /**
     * An IPv4 address on a link with its prefix length.
     *
     * @param address the address
     * @param prefixLength the prefix length
     */
    public record Prefix(Inet4Address address, int prefixLength) {
        /**
         * @param other an address
         * @return whether it lies in this prefix
         */
        public boolean contains(Inet4Address other) {
            if (prefixLength == 0) {
                return true;
            }
            int mask = prefixLength >= 32 ? -1 : -1 << (32 - prefixLength);
            return (Addresses.toInt(address) & mask) == (Addresses.toInt(other) & mask);
        }
    }

    /** Copies the lists. */
    public Link {
        mac = mac.clone();
        addresses = List.copyOf(addresses);
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    /**
     * @param name an interface name
     * @return the link, checked to exist, be administratively up and have a MAC
     * @throws UnknownLinkException when it does not exist, is down or has no MAC (not Ethernet)
     */
    public static Link resolve(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidSpecException("link", name, "must name the guest's host-side bridge, tap or veth");
        }
        if ("lo".equals(name)) {
            throw new UnknownLinkException(name, "link 'lo' cannot be used: libpcap cannot inject frames on the loopback"
                    + " device; use the bridge, tap or veth the guest is attached to");
        }
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            throw new ProbeException("cannot read link '" + name + "'", e);
        }
        if (nif == null) {
            // Java lists only links that carry an address; a tap whose guest has not started has none
            // (not even IPv6 link-local, which needs a carrier), yet it is what a boot watch must open.
            return fromSysfs(name);
        }
        try {
            if (!adminUp(nif)) {
                throw new UnknownLinkException(name, "link '" + name + "' is down; bring it up first (ip link set "
                        + name + " up)");
            }
            byte[] mac = nif.getHardwareAddress();
            if (mac == null || mac.length != 6) {
                throw new UnknownLinkException(name, "link '" + name + "' has no Ethernet MAC address: the probes need an"
                        + " Ethernet link (bridge, tap or veth)");
            }
            List<Prefix> v4 = new ArrayList<>();
            for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                if (ia.getAddress() instanceof Inet4Address a) {
                    v4.add(new Prefix(a, ia.getNetworkPrefixLength()));
                }
            }
            return new Link(name, mac, v4);
        } catch (SocketException e) {
            throw new ProbeException("cannot read link '" + name + "'", e);
        }
    }

    private static Link fromSysfs(String name) {
        java.nio.file.Path dir = java.nio.file.Path.of("/sys/class/net", name);
        if (name.contains("/") || !java.nio.file.Files.isDirectory(dir)) {
            throw UnknownLinkException.absent(name, existingLinks());
        }
        try {
            String flags = java.nio.file.Files.readString(dir.resolve("flags")).trim();
            if ((Long.decode(flags) & 0x1) == 0) {
                throw new UnknownLinkException(name, "link '" + name + "' is down; bring it up first (ip link set "
                        + name + " up)");
            }
            String[] parts = java.nio.file.Files.readString(dir.resolve("address")).trim().split(":");
            if (parts.length != 6) {
                throw new UnknownLinkException(name, "link '" + name + "' has no Ethernet MAC address: the probes need an"
                        + " Ethernet link (bridge, tap or veth)");
            }
            byte[] mac = new byte[6];
            for (int i = 0; i < 6; i++) {
                mac[i] = (byte) Integer.parseInt(parts[i], 16);
            }
            return new Link(name, mac, List.of());
        } catch (java.io.IOException | NumberFormatException e) {
            throw new ProbeException("cannot read link '" + name + "' from " + dir, e);
        }
    }

    /**
     * Whether the link is administratively up. {@link NetworkInterface#isUp()} also wants a carrier,
     * which a bridge without ports or a tap whose guest has not started yet lack, though both are
     * exactly what a boot watch must be opened on.
     */
    private static boolean adminUp(NetworkInterface nif) throws SocketException {
        java.nio.file.Path flags = java.nio.file.Path.of("/sys/class/net", nif.getName(), "flags");
        try {
            String hex = java.nio.file.Files.readString(flags).trim();
            return (Long.decode(hex) & 0x1) != 0; // IFF_UP
        } catch (java.io.IOException | NumberFormatException e) {
            return nif.isUp();
        }
    }

    /** @return the names of the host's links, sorted */
    public static List<String> existingLinks() {
        List<String> names = new ArrayList<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                names.add(n.getName());
            }
        } catch (SocketException e) {
            names.add("(cannot list: " + e.getMessage() + ")");
        }
        Collections.sort(names);
        return names;
    }

    /**
     * @param a an address
     * @return whether it is one of this link's own addresses (the host kernel answers ARP for it)
     */
    public boolean owns(Inet4Address a) {
        return addresses.stream().anyMatch(p -> p.address().equals(a));
    }

    /**
     * @param target the guest's address
     * @return the link's address in the guest's subnet, else its first IPv4 address
     */
    public Optional<Inet4Address> sourceFor(Inet4Address target) {
        return addresses.stream().filter(p -> p.contains(target)).map(Prefix::address).findFirst()
                .or(() -> addresses.stream().map(Prefix::address).findFirst());
    }
}
