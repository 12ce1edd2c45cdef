package io.nfvlightvirt.libvirt.net;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 network in CIDR form, e.g. {@code 10.123.4.0/24}.
 *
 * @param network the network address as an unsigned 32-bit value (host bits zero)
 * @param prefix the prefix length, 0..32
 */
public record Ipv4Subnet(long network, int prefix) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

    /** Checks the values. */
    public Ipv4Subnet {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0..32, was " + prefix);
        }
        if (network < 0 || network > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("network out of range: " + network);
        }
        if ((network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("host bits set in " + format(network) + "/" + prefix);
        }
    }

    /**
     * @param cidr {@code A.B.C.D/NN} (host bits must be zero) or a bare address (a /32)
     * @return the subnet
     * @throws IllegalArgumentException when malformed
     */
    public static Ipv4Subnet parse(String cidr) {
        Matcher m = CIDR.matcher(cidr == null ? "" : cidr.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an IPv4 CIDR: '" + cidr + "'");
        }
        long a = 0;
        for (int i = 1; i <= 4; i++) {
            int part = Integer.parseInt(m.group(i));
            if (part > 255) {
                throw new IllegalArgumentException("not an IPv4 CIDR: '" + cidr + "'");
            }
            a = (a << 8) | part;
        }
        int p = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
        return new Ipv4Subnet(a, p);
    }

    /**
     * @param address {@code A.B.C.D/NN} where the address may have host bits set, as {@code ip addr} prints it
     * @return the network containing the address
     */
    public static Ipv4Subnet containing(String address) {
        String[] parts = address.strip().split("/", 2);
        int p = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        long a = parseAddress(parts[0]);
        return new Ipv4Subnet(a & mask(p), p);
    }

    /**
     * @param dotted {@code A.B.C.D}
     * @return the address as an unsigned value
     */
    public static long parseAddress(String dotted) {
        return parse(dotted).network();
    }

    /**
     * @param address unsigned 32-bit address
     * @return dotted quad
     */
    public static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }

    /**
     * @param index host number inside the subnet, 1 for the first
     * @return the address
     */
    public String host(int index) {
        long size = 1L << (32 - prefix);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("host " + index + " is outside " + this);
        }
        return format(network + index);
    }

    /**
     * @param address dotted quad
     * @return the host number of the address in this subnet, or -1 when outside
     */
    public int indexOf(String address) {
        long a = parseAddress(address);
        return contains(a) ? (int) (a - network) : -1;
    }

    /**
     * @param address unsigned address
     * @return whether it lies in this subnet
     */
    public boolean contains(long address) {
        return (address & mask(prefix)) == network;
    }

    /**
     * @param other another subnet
     * @return whether the two share any address
     */
    public boolean overlaps(Ipv4Subnet other) {
        int p = Math.min(prefix, other.prefix);
        return (network & mask(p)) == (other.network & mask(p));
    }

    /** @return the number of usable host addresses (excluding network and broadcast) */
    public int usableHosts() {
        return prefix >= 31 ? 0 : (int) ((1L << (32 - prefix)) - 2);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
