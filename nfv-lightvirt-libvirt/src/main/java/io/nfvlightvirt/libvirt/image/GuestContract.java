package io.nfvlightvirt.libvirt.image;

import io.nfvlightvirt.InvalidSpecException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every guest image built here promises, and the kernel command line that asks for it: the
 * address is given as {@code nfvlv.ip=A.B.C.D/NN}, an optional default route as
 * {@code nfvlv.gw=A.B.C.D}; the guest configures its first network interface with them, runs
 * {@code iperf3 -s} on {@link #IPERF3_PORT} and leaves every other TCP port closed, so that a SYN
 * to any other port is answered with RST (the draft's instantiation-time probe).
 */
public final class GuestContract {
    /** Kernel command line parameter holding the guest's address and prefix length. */
    public static final String IP_PARAMETER = "nfvlv.ip";
    /** Kernel command line parameter holding the guest's default gateway (optional). */
    public static final String GATEWAY_PARAMETER = "nfvlv.gw";
    /** The TCP port the guest's {@code iperf3 -s} listens on. */
    public static final int IPERF3_PORT = 5201;
    /**
     * Kernel command line a Tinyx guest needs under QEMU (KVM or TCG), before the network
     * arguments; {@code panic=-1} makes a guest that cannot boot reboot at once (with QEMU's
     * {@code -no-reboot} or libvirt's {@code on_reboot=destroy}: stop) instead of hanging.
     */
    public static final String TINYX_QEMU_CMDLINE = "console=ttyS0 panic=-1";
    /** Kernel command line a Tinyx guest ({@link TinyxFlavor#XEN}) needs as a Xen PV/PVH domU. */
    public static final String TINYX_XEN_CMDLINE = "console=hvc0 panic=-1";

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");
    private static final Pattern CIDR = Pattern.compile("([0-9.]+)/(0|[1-9]\\d?)");

    private GuestContract() {}

    /**
     * @param addressWithPrefix the guest's address, e.g. {@code 10.216.0.2/24}
     * @param gateway the default gateway, e.g. {@code 10.216.0.1}, or null for none
     * @return the kernel command line arguments, e.g. {@code nfvlv.ip=10.216.0.2/24 nfvlv.gw=10.216.0.1}
     * @throws InvalidSpecException naming the bad value: the address must be A.B.C.D/NN (parts
     *     0-255, NN 0-32, no leading zeros), the gateway A.B.C.D
     */
    public static String networkArguments(String addressWithPrefix, String gateway) {
        if (!isAddressWithPrefix(addressWithPrefix)) {
            throw new InvalidSpecException("guest address", addressWithPrefix,
                    "must be A.B.C.D/NN with each of A-D 0-255 and NN 0-32, no leading zeros, e.g. 10.216.0.2/24");
        }
        String args = IP_PARAMETER + "=" + addressWithPrefix;
        if (gateway != null) {
            if (!isAddress(gateway)) {
                throw new InvalidSpecException("guest gateway", gateway, "must be A.B.C.D with each of A-D 0-255, no leading zeros, e.g. 10.216.0.1");
            }
            args += " " + GATEWAY_PARAMETER + "=" + gateway;
        }
        return args;
    }

    /**
     * @param s a candidate
     * @return whether it is A.B.C.D/NN as the guests accept it (the same rule as their init scripts)
     */
    public static boolean isAddressWithPrefix(String s) {
        if (s == null) {
            return false;
        }
        Matcher m = CIDR.matcher(s);
        return m.matches() && isAddress(m.group(1)) && Integer.parseInt(m.group(2)) <= 32;
    }

    /**
     * @param s a candidate
     * @return whether it is a dotted-quad IPv4 address A.B.C.D with each part 0-255 and no leading
     *     zeros (which some tools read as octal)
     */
    public static boolean isAddress(String s) {
        if (s == null) {
            return false;
        }
        Matcher m = IPV4.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }
}
