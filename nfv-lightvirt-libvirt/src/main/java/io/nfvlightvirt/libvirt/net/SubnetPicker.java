package io.nfvlightvirt.libvirt.net;

import java.util.List;

/**
 * Chooses a private /24 for an owner's bridge: candidates in {@code 10.B.C.0/24} with B in
 * {@code [firstB, firstB + countB)}, starting at a position derived from the owner's id (so an
 * owner tends to get the same subnet each time) and skipping every candidate that overlaps a
 * route or address already on the host.
 *
 * @param firstB first second octet
 * @param countB how many second-octet values to use
 */
public record SubnetPicker(int firstB, int countB) {
    /** The default range, {@code 10.100.0.0} to {@code 10.199.255.0}. */
    public static final SubnetPicker DEFAULT = new SubnetPicker(100, 100);

    /** Checks the range. */
    public SubnetPicker {
        if (firstB < 0 || countB < 1 || firstB + countB > 256) {
            throw new IllegalArgumentException("second octet range must lie in 0..255, was " + firstB + "+" + countB);
        }
    }

    /**
     * @param owner the owner id
     * @param used subnets already on the host
     * @return a free /24
     * @throws IllegalStateException when every candidate is taken
     */
    public Ipv4Subnet pick(String owner, List<Ipv4Subnet> used) {
        int total = countB * 256;
        int start = Integer.parseUnsignedInt(HostNetwork.hash(owner, 7), 16) % total;
        for (int i = 0; i < total; i++) {
            int n = (start + i) % total;
            int b = firstB + n / 256;
            int c = n % 256;
            Ipv4Subnet candidate = new Ipv4Subnet((10L << 24) | ((long) b << 16) | ((long) c << 8), 24);
            boolean free = true;
            for (Ipv4Subnet u : used) {
                if (u.prefix() > 0 && u.overlaps(candidate)) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free /24 in 10." + firstB + ".0.0 - 10." + (firstB + countB - 1)
                + ".255.0; set the backend option network.cidr");
    }
}
