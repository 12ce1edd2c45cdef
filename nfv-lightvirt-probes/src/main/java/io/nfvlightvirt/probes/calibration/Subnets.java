package io.nfvlightvirt.probes.calibration;

import io.nfvlightvirt.probes.ProbeException;
import io.nfvlightvirt.probes.internal.Addresses;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Picks a private /24 for a test or benchmark link inside 10.217.0.0/16 that no address or route
 * of this host overlaps, so that test traffic never reaches anything but what the caller creates.
 */
public final class Subnets {
    private static final int BASE = 10 << 24 | 217 << 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Subnets() {}

    /**
     * @return the third octet N of a free 10.217.N.0/24 (1..254), chosen at random among the free ones
     * @throws ProbeException when every /24 of 10.217.0.0/16 is in use
     */
    public static int freeSlash24() {
        List<long[]> used = usedRanges();
        List<Integer> free = new ArrayList<>();
        for (int n = 1; n < 255; n++) {
            long lo = Integer.toUnsignedLong(BASE | n << 8);
            long hi = lo + 255;
            boolean clash = false;
            for (long[] r : used) {
                if (r[0] <= hi && lo <= r[1]) {
                    clash = true;
                    break;
                }
            }
            if (!clash) {
                free.add(n);
            }
        }
        if (free.isEmpty()) {
            throw new ProbeException("no free /24 left in 10.217.0.0/16 on this host");
        }
        return free.get(RANDOM.nextInt(free.size()));
    }

    /**
     * @param n third octet
     * @param host last octet
     * @return {@code 10.217.n.host}
     */
    public static String address(int n, int host) {
        return "10.217." + n + "." + host;
    }

    private static List<long[]> usedRanges() {
        List<long[]> used = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                    if (ia.getAddress() instanceof Inet4Address a) {
                        used.add(range(Addresses.toInt(a), ia.getNetworkPrefixLength()));
                    }
                }
            }
        } catch (SocketException e) {
            throw new ProbeException("cannot list this host's addresses", e);
        }
        try {
            // /proc/net/route: Iface Destination Gateway Flags RefCnt Use Metric Mask ... (hex, little-endian)
            List<String> lines = Files.readAllLines(Path.of("/proc/net/route"));
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8) {
                    continue;
                }
                int dest = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
                int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
                if (mask == 0) {
                    continue; // the default route overlaps everything and says nothing
                }
                used.add(range(dest, Integer.bitCount(mask)));
            }
        } catch (IOException | RuntimeException e) {
            throw new ProbeException("cannot read /proc/net/route", e);
        }
        return used;
    }

    private static long[] range(int address, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        long lo = Integer.toUnsignedLong(address & mask);
        long hi = lo + (prefix == 0 ? 0xffffffffL : (1L << (32 - prefix)) - 1);
        return new long[] {lo, hi};
    }
}
