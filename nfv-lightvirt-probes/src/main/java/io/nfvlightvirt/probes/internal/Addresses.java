package io.nfvlightvirt.probes.internal;

import io.nfvlightvirt.InvalidSpecException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parsing and formatting of IPv4 and MAC addresses given to the probes; no DNS look-ups. */
public final class Addresses {
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");

    private Addresses() {}

    /**
     * @param field the field being set
     * @param value an interface name
     * @return the name
     * @throws InvalidSpecException unless it is a Linux interface name of 1-15 characters
     */
    public static String linkName(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 15) {
            throw new InvalidSpecException(field, value, "must be an interface name of 1-15 characters");
        }
        return value;
    }

    /**
     * @param field the builder field, for the error
     * @param value a dotted-quad unicast IPv4 address
     * @return the address
     * @throws InvalidSpecException naming field, value and rule
     */
    public static Inet4Address ipv4(String field, String value) {
        if (value == null || !DOTTED.matcher(value).matches()) {
            throw new InvalidSpecException(field, value, "must be a dotted-quad IPv4 address such as 10.217.1.2");
        }
        byte[] b = new byte[4];
        String[] parts = value.split("\\.");
        for (int i = 0; i < 4; i++) {
            int p = Integer.parseInt(parts[i]);
            if (p > 255) {
                throw new InvalidSpecException(field, value, "each part must be 0..255");
            }
            b[i] = (byte) p;
        }
        try {
            Inet4Address a = (Inet4Address) InetAddress.getByAddress(b);
            if (a.isAnyLocalAddress() || a.isMulticastAddress() || a.isLoopbackAddress() || (b[0] & 0xff) == 255) {
                throw new InvalidSpecException(field, value,
                        "must be a unicast, non-loopback IPv4 address (raw frames cannot be injected on lo)");
            }
            return a;
        } catch (UnknownHostException e) {
            throw new InvalidSpecException(field, value, "must be a dotted-quad IPv4 address", e);
        }
    }

    /**
     * @param field the builder field, for the error
     * @param value six hex pairs separated by ':'
     * @return the six bytes
     * @throws InvalidSpecException naming field, value and rule
     */
    public static byte[] mac(String field, String value) {
        if (value == null || !MAC.matcher(value).matches()) {
            throw new InvalidSpecException(field, value, "must be a MAC address of six hex pairs such as 02:42:0a:d9:01:02");
        }
        byte[] m = new byte[6];
        String[] parts = value.split(":");
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        if ((m[0] & 1) != 0) {
            throw new InvalidSpecException(field, value, "must be a unicast MAC (lowest bit of the first byte clear)");
        }
        return m;
    }

    /**
     * @param mac six bytes
     * @return {@code aa:bb:cc:dd:ee:ff}
     */
    public static String formatMac(byte[] mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < mac.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", mac[i] & 0xff));
        }
        return sb.toString();
    }

    /**
     * @param a an IPv4 address
     * @return its 32 bits as an int (network order, most significant byte first)
     */
    public static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /**
     * @param v 32 bits of an IPv4 address
     * @return dotted-quad text
     */
    public static String formatIpv4(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }
}
