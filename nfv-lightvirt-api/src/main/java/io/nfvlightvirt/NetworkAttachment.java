package io.nfvlightvirt;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a guest is attached to the network. With no fixed address the backend picks one on the
 * network it owns; the instance then reports what it picked ({@link VnfInstance#ipv4()},
 * {@link VnfInstance#mac()}, {@link VnfInstance#linkName()}), which is what the probes need.
 *
 * @param ipv4 a fixed IPv4 address, or empty to let the backend choose
 * @param mac a fixed unicast MAC ({@code 52:54:00:12:34:56}), or empty to let the backend choose
 */
public record NetworkAttachment(Optional<String> ipv4, Optional<String> mac) {
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");

    /** Validates both values when present. */
    public NetworkAttachment {
        if (ipv4 == null) {
            throw new InvalidSpecException("network.ipv4", null, "use Optional.empty() to let the backend choose");
        }
        if (mac == null) {
            throw new InvalidSpecException("network.mac", null, "use Optional.empty() to let the backend choose");
        }
        ipv4.ifPresent(NetworkAttachment::checkIpv4);
        mac = mac.map(m -> m.toLowerCase(Locale.ROOT));
        mac.ifPresent(NetworkAttachment::checkMac);
    }

    /** @return an attachment where the backend chooses address and MAC */
    public static NetworkAttachment automatic() {
        return new NetworkAttachment(Optional.empty(), Optional.empty());
    }

    /**
     * @param ipv4 the address the guest must have
     * @return an attachment with a fixed address and a backend-chosen MAC
     */
    public static NetworkAttachment fixed(String ipv4) {
        return new NetworkAttachment(Optional.of(ipv4), Optional.empty());
    }

    /**
     * @param macAddress the MAC the guest must have
     * @return a copy with that MAC
     */
    public NetworkAttachment withMac(String macAddress) {
        return new NetworkAttachment(ipv4, Optional.of(macAddress));
    }

    private static void checkIpv4(String value) {
        if (!DOTTED.matcher(value).matches()) {
            throw new InvalidSpecException("network.ipv4", value, "must be a dotted-quad IPv4 address such as 172.30.0.10");
        }
        for (String part : value.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                throw new InvalidSpecException("network.ipv4", value, "each part must be 0..255");
            }
        }
        try {
            InetAddress a = InetAddress.getByName(value);
            if (!(a instanceof Inet4Address) || a.isAnyLocalAddress() || a.isMulticastAddress() || a.isLoopbackAddress()) {
                throw new InvalidSpecException("network.ipv4", value, "must be a unicast, non-loopback IPv4 address");
            }
        } catch (UnknownHostException e) {
            throw new InvalidSpecException("network.ipv4", value, "must be a dotted-quad IPv4 address", e);
        }
    }

    private static void checkMac(String value) {
        if (!MAC.matcher(value).matches()) {
            throw new InvalidSpecException("network.mac", value, "must be six hex pairs separated by ':'");
        }
        int first = Integer.parseInt(value.substring(0, 2), 16);
        if ((first & 1) != 0) {
            throw new InvalidSpecException("network.mac", value, "must be unicast (lowest bit of the first byte clear)");
        }
    }
}
