package io.nfvlightvirt.libvirt.net;

/** MAC addresses for guests, derived from their IPv4 address so that they are unique per host. */
public final class MacAddresses {
    private MacAddresses() {}

    /**
     * @param ipv4 the guest's address
     * @return {@code 52:54:} followed by the four address bytes (locally administered, unicast)
     */
    public static String fromIpv4(String ipv4) {
        long a = Ipv4Subnet.parseAddress(ipv4);
        return String.format("52:54:%02x:%02x:%02x:%02x", (a >> 24) & 255, (a >> 16) & 255, (a >> 8) & 255, a & 255);
    }
}
