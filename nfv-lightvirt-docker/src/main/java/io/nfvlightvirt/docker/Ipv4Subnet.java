package io.nfvlightvirt.docker;

import io.nfvlightvirt.InvalidSpecException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 subnet in CIDR form, with the address arithmetic the backend's network needs: the
 * gateway is the first host address, instances get the others.
 *
 * @param base the network address as an unsigned 32-bit value
 * @param prefix the prefix length, 0..32 (the backend's own networks use 16..29)
 */
record Ipv4Subnet(long base, int prefix) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    Ipv4Subnet {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0..32, was " + prefix);
        }
        if ((base & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("host bits set in " + render(base) + "/" + prefix);
        }
    }

    /**
     * @param field the option or field the text came from, for the error
     * @param text e.g. {@code 10.213.7.0/24}
     * @return the subnet
     * @throws InvalidSpecException unless it is a dotted quad with a /16../29 prefix and no host bits
     */
    static Ipv4Subnet parse(String field, String text) {
        Matcher m = text == null ? null : CIDR.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new InvalidSpecException(field, text, "must be an IPv4 subnet in CIDR form, e.g. 10.213.7.0/24");
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new InvalidSpecException(field, text, "each part of the address must be 0..255");
            }
            value = (value << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix < 16 || prefix > 29) {
            throw new InvalidSpecException(field, text, "prefix length must be between /16 and /29");
        }
        if ((value & ~mask(prefix)) != 0) {
            throw new InvalidSpecException(field, text, "must be a network address (host bits zero), e.g. "
                    + render(value & mask(prefix)) + "/" + prefix);
        }
        return new Ipv4Subnet(value, prefix);
    }

    /**
     * Reads a subnet some other network on the engine uses, for overlap checks.
     *
     * @param text a CIDR subnet, possibly IPv6 or with host bits set
     * @return the IPv4 subnet it covers, or empty when it is not IPv4 CIDR
     */
    static java.util.Optional<Ipv4Subnet> parseForeign(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        int slash = text.indexOf('/');
        long a = address(slash < 0 ? text : text.substring(0, slash));
        if (a < 0) {
            return java.util.Optional.empty();
        }
        int prefix;
        try {
            prefix = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
        if (prefix < 0 || prefix > 32) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Ipv4Subnet(a & mask(prefix), prefix));
    }

    /**
     * @param text a dotted quad
     * @return its unsigned value, or -1 when it is not a dotted quad
     */
    static long address(String text) {
        if (text == null) {
            return -1;
        }
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /**
     * @param value an unsigned 32-bit address
     * @return its dotted quad
     */
    static String render(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** @return the number of addresses in the subnet, network and broadcast included */
    long size() {
        return 1L << (32 - prefix);
    }

    /** @return the gateway (first host address), which the host side of the bridge holds */
    String gateway() {
        return render(base + 1);
    }

    /** @return the first address an instance may get */
    long firstInstanceAddress() {
        return base + 2;
    }

    /** @return the last address an instance may get (before broadcast) */
    long lastInstanceAddress() {
        return base + size() - 2;
    }

    /**
     * @param address an unsigned address
     * @return whether it lies in this subnet
     */
    boolean contains(long address) {
        return (address & mask(prefix)) == base;
    }

    /**
     * @param address an unsigned address
     * @return whether an instance may be given it (in the subnet, not network, gateway or broadcast)
     */
    boolean isInstanceAddress(long address) {
        return address >= firstInstanceAddress() && address <= lastInstanceAddress();
    }

    /**
     * @param other another subnet
     * @return whether the two share any address
     */
    boolean overlaps(Ipv4Subnet other) {
        int shorter = Math.min(prefix, other.prefix);
        return (base & mask(shorter)) == (other.base & mask(shorter));
    }

    /**
     * @param ipv4 a dotted quad
     * @return the MAC the engine would derive for it: {@code 02:42:} followed by the four address bytes
     */
    static String macFor(String ipv4) {
        long a = address(ipv4);
        if (a < 0) {
            throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
        }
        return String.format("02:42:%02x:%02x:%02x:%02x", (a >> 24) & 255, (a >> 16) & 255, (a >> 8) & 255, a & 255);
    }

    @Override
    public String toString() {
        return render(base) + "/" + prefix;
    }
}
