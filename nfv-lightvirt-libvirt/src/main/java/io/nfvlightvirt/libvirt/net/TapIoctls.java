package io.nfvlightvirt.libvirt.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates, wires and removes taps with the same ioctls libvirt and iproute2 use ({@code TUNSETIFF},
 * {@code TUNSETPERSIST}, {@code SIOCBRADDIF}, {@code SIOCSIFFLAGS}, {@code SIOCSARP}), so that making
 * an instance's tap costs no process start (a fork/exec of {@code ip} is 5-30 ms on a busy host).
 * Linux x86-64 only; {@link #available()} says whether it can be used, and callers fall back to
 * {@code ip} otherwise.
 */
final class TapIoctls {
    private static final int O_RDWR = 2;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int IFF_UP = 0x1;
    private static final int IFF_TAP = 0x0002;
    private static final int IFF_NO_PI = 0x1000;
    private static final long TUNSETIFF = 0x400454caL;
    private static final long TUNSETPERSIST = 0x400454cbL;
    private static final long SIOCGIFFLAGS = 0x8913L;
    private static final long SIOCSIFFLAGS = 0x8914L;
    private static final long SIOCBRADDIF = 0x89a2L;
    private static final long SIOCSARP = 0x8955L;
    private static final long SIOCDARP = 0x8953L;
    private static final int IFREQ_SIZE = 40;
    private static final int ARPREQ_SIZE = 68;
    private static final int ATF_COM = 0x02;
    private static final int ATF_PERM = 0x04;
    private static final short ARPHRD_ETHER = 1;

    /** The few libc calls needed. */
    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int ioctl(int fd, long request, Pointer arg) throws LastErrorException;
    }

    private static final LibC LIBC = load();

    private static LibC load() {
        if (!Platform.isLinux() || !Platform.is64Bit() || !Platform.isIntel()) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (LinkageError e) {
            return null;
        }
    }

    private TapIoctls() {}

    /** @return whether the ioctl path can be used on this platform */
    static boolean available() {
        return LIBC != null && Files.exists(Path.of("/dev/net/tun"));
    }

    /**
     * Creates a persistent tap, adds it to the bridge, brings it up and pins a permanent ARP entry.
     *
     * @param tap tap name
     * @param bridge bridge name
     * @param alias interface alias
     * @param ip guest IPv4
     * @param mac guest MAC
     * @throws IOException with errno when a step fails (the tap may then exist; the caller removes it)
     */
    static void create(String tap, String bridge, String alias, String ip, String mac) throws IOException {
        int tun = call(() -> LIBC.open("/dev/net/tun", O_RDWR), "open /dev/net/tun");
        try {
            Memory ifr = ifreq(tap);
            ifr.setShort(16, (short) (IFF_TAP | IFF_NO_PI));
            call(() -> LIBC.ioctl(tun, TUNSETIFF, ifr), "TUNSETIFF " + tap);
            call(() -> LIBC.ioctl(tun, TUNSETPERSIST, new Pointer(1)), "TUNSETPERSIST " + tap);
        } finally {
            closeQuietly(tun);
        }
        Files.writeString(Path.of("/sys/class/net", tap, "ifalias"), alias, StandardCharsets.UTF_8);
        int ifindex = Integer.parseInt(Files.readString(Path.of("/sys/class/net", tap, "ifindex")).strip());
        int sock = call(() -> LIBC.socket(AF_INET, SOCK_DGRAM, 0), "socket");
        try {
            Memory add = ifreq(bridge);
            add.setInt(16, ifindex);
            call(() -> LIBC.ioctl(sock, SIOCBRADDIF, add), "SIOCBRADDIF " + bridge + " " + tap);
            Memory flags = ifreq(tap);
            call(() -> LIBC.ioctl(sock, SIOCGIFFLAGS, flags), "SIOCGIFFLAGS " + tap);
            flags.setShort(16, (short) (flags.getShort(16) | IFF_UP));
            call(() -> LIBC.ioctl(sock, SIOCSIFFLAGS, flags), "SIOCSIFFLAGS " + tap);
            Memory arp = arpreq(ip, mac, bridge);
            call(() -> LIBC.ioctl(sock, SIOCSARP, arp), "SIOCSARP " + ip + " on " + bridge);
        } finally {
            closeQuietly(sock);
        }
    }

    /**
     * Makes a persistent tap non-persistent, which removes it.
     *
     * @param tap tap name
     * @throws IOException with errno
     */
    static void delete(String tap) throws IOException {
        int tun = call(() -> LIBC.open("/dev/net/tun", O_RDWR), "open /dev/net/tun");
        try {
            Memory ifr = ifreq(tap);
            ifr.setShort(16, (short) (IFF_TAP | IFF_NO_PI));
            call(() -> LIBC.ioctl(tun, TUNSETIFF, ifr), "TUNSETIFF " + tap);
            call(() -> LIBC.ioctl(tun, TUNSETPERSIST, Pointer.NULL), "TUNSETPERSIST 0 " + tap);
        } finally {
            closeQuietly(tun);
        }
    }

    /**
     * Removes a permanent ARP entry.
     *
     * @param ip the address
     * @param bridge the device it is on
     * @throws IOException with errno
     */
    static void deleteArp(String ip, String bridge) throws IOException {
        int sock = call(() -> LIBC.socket(AF_INET, SOCK_DGRAM, 0), "socket");
        try {
            Memory arp = arpreq(ip, "00:00:00:00:00:00", bridge);
            call(() -> LIBC.ioctl(sock, SIOCDARP, arp), "SIOCDARP " + ip);
        } finally {
            closeQuietly(sock);
        }
    }

    private static Memory ifreq(String name) {
        Memory m = new Memory(IFREQ_SIZE);
        m.clear();
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length > 15) {
            throw new IllegalArgumentException("interface name longer than 15 bytes: " + name);
        }
        m.write(0, n, 0, n.length);
        return m;
    }

    /** struct arpreq { sockaddr arp_pa; sockaddr arp_ha; int arp_flags; sockaddr arp_netmask; char arp_dev[16]; }. */
    private static Memory arpreq(String ip, String mac, String dev) {
        Memory m = new Memory(ARPREQ_SIZE);
        m.clear();
        m.setShort(0, (short) AF_INET);
        long a = Ipv4Subnet.parseAddress(ip);
        m.write(4, new byte[] {(byte) (a >> 24), (byte) (a >> 16), (byte) (a >> 8), (byte) a}, 0, 4);
        m.setShort(16, ARPHRD_ETHER);
        String[] parts = mac.split(":");
        for (int i = 0; i < 6; i++) {
            m.setByte(18 + i, (byte) Integer.parseInt(parts[i], 16));
        }
        m.setInt(32, ATF_COM | ATF_PERM);
        byte[] d = dev.getBytes(StandardCharsets.US_ASCII);
        m.write(52, d, 0, Math.min(15, d.length));
        return m;
    }

    @FunctionalInterface
    private interface Call {
        int run();
    }

    private static int call(Call c, String what) throws IOException {
        try {
            return c.run();
        } catch (LastErrorException e) {
            throw new IOException(what + " failed: errno " + e.getErrorCode(), e);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LIBC.close(fd);
        } catch (LastErrorException e) {
            // nothing to do
        }
    }
}
