package io.nfvlightvirt.libvirt.net;

import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.OperationFailedException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of the guests' network: one Linux bridge per owner with a private /24 chosen so
 * that it clashes with no route or address already on the host (host address {@code .1}), and one
 * persistent tap per instance attached to it. Every link carries an interface alias
 * ({@code /sys/class/net/NAME/ifalias}) starting with {@value #ALIAS_PREFIX} that names the owner
 * and instance, so leftovers can be found and nothing else is touched.
 *
 * <p>Link names are short hashes ({@code IFNAMSIZ} allows 15 characters): bridge
 * {@code PREFIX + "br" + 8 hex} of the owner, tap {@code PREFIX + "t" + 10 hex} of owner and
 * instance; the prefix keeps backends apart (KVM uses {@code nfvk}).
 *
 * <p>Reads come from {@code /sys/class/net}, {@code /proc/net/route} and the JDK's interface list;
 * taps are made and removed with ioctls (no process started, as libvirt does); the bridge is made
 * with one {@code ip -batch} process, which is also the fallback for taps.
 */
public final class HostNetwork {
    /** Start of the alias of every link the library creates. */
    public static final String ALIAS_PREFIX = "nfv-lightvirt";

    private static final Logger LOG = LoggerFactory.getLogger(HostNetwork.class);
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final Path PROC_NET_ROUTE = Path.of("/proc/net/route");
    private static final Pattern PREFIX_RULE = Pattern.compile("[a-z]{2,5}");

    private final IpCommand ip;
    private final String prefix;
    private final Path sysClassNet;

    /**
     * A bridge the library owns.
     *
     * @param name the bridge's name
     * @param subnet its /24
     */
    public record Bridge(String name, Ipv4Subnet subnet) {
        /** @return the host's address on the bridge ({@code .1}), the guests' gateway */
        public String hostAddress() {
            return subnet.host(1);
        }
    }

    /**
     * @param ip runs {@code ip}
     * @param prefix 2-5 lower-case letters starting every link name, e.g. {@code nfvk}
     */
    public HostNetwork(IpCommand ip, String prefix) {
        this(ip, prefix, Path.of("/sys/class/net"));
    }

    HostNetwork(IpCommand ip, String prefix, Path sysClassNet) {
        this.ip = Objects.requireNonNull(ip, "ip");
        if (!PREFIX_RULE.matcher(prefix).matches()) {
            throw new IllegalArgumentException("link prefix must be 2-5 lower-case letters, was '" + prefix + "'");
        }
        this.prefix = prefix;
        this.sysClassNet = sysClassNet;
    }

    /**
     * @param owner the owner id
     * @return the owner's bridge name
     */
    public String bridgeName(String owner) {
        return prefix + "br" + hash(owner, 8);
    }

    /**
     * @param owner the owner id
     * @param instance the instance name
     * @return the instance's tap name
     */
    public String tapName(String owner, String instance) {
        return prefix + "t" + hash(owner + "\0" + instance, 15 - prefix.length() - 1);
    }

    static String hash(String s, int hexChars) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param owner owner id
     * @return the alias written on the owner's bridge
     */
    public static String bridgeAlias(String owner) {
        return ALIAS_PREFIX + " bridge owner=" + owner;
    }

    private static String bridgeAlias(String owner, Ipv4Subnet subnet) {
        return bridgeAlias(owner) + " subnet=" + subnet;
    }

    private static boolean isBridgeAliasOf(String alias, String owner) {
        return alias.equals(bridgeAlias(owner)) || alias.startsWith(bridgeAlias(owner) + " ");
    }

    /**
     * @param owner owner id
     * @param instance instance name
     * @return the alias written on an instance's tap
     */
    public static String tapAlias(String owner, String instance) {
        return ALIAS_PREFIX + " tap owner=" + owner + " instance=" + instance;
    }

    /**
     * @param name a link name
     * @return whether the link exists
     */
    public boolean linkExists(String name) {
        return Files.exists(sysClassNet.resolve(name));
    }

    /**
     * @param name a link name
     * @return its alias, if it exists and has one
     */
    public Optional<String> alias(String name) {
        Path p = sysClassNet.resolve(name).resolve("ifalias");
        try {
            String a = Files.readString(p, StandardCharsets.UTF_8).strip();
            return a.isEmpty() ? Optional.empty() : Optional.of(a);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @param aliasStart the start of the aliases wanted, e.g. {@code tapAlias(owner, "")}
     * @return the links whose alias starts with it, with their aliases
     */
    public Map<String, String> linksWithAlias(String aliasStart) {
        Map<String, String> found = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sysClassNet)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                alias(name).filter(a -> a.startsWith(aliasStart)).ifPresent(a -> found.put(name, a));
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", sysClassNet, e.toString());
        }
        return found;
    }

    /**
     * @param name a bridge name
     * @return the bridge and its IPv4 subnet, if it exists and has an address
     */
    public Optional<Bridge> findBridge(String name) {
        if (!linkExists(name)) {
            return Optional.empty();
        }
        Optional<String> alias = alias(name);
        int at = alias.map(a -> a.indexOf(" subnet=")).orElse(-1);
        if (at >= 0) {
            // the bridges this class makes name their subnet in their alias: one small file read
            try {
                Ipv4Subnet fromAlias = Ipv4Subnet.parse(alias.get().substring(at + 8).strip());
                return Optional.of(new Bridge(name, fromAlias));
            } catch (IllegalArgumentException e) {
                LOG.debug("bridge {} alias '{}' has no readable subnet", name, alias.get());
            }
        }
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null) {
                return Optional.empty();
            }
            for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                if (a.getAddress() instanceof Inet4Address v4) {
                    return Optional.of(new Bridge(name, Ipv4Subnet.containing(v4.getHostAddress() + "/" + a.getNetworkPrefixLength())));
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot read addresses of {}: {}", name, e.toString());
        }
        return Optional.empty();
    }

    /**
     * The subnet the owner's bridge has or would get, without changing anything: the existing
     * bridge's, else the wanted one (checked against the host's routes), else a free pick.
     *
     * @param owner the owner id
     * @param wanted a subnet the caller insists on, or empty
     * @param candidates where to look for a free /24
     * @return the subnet
     * @throws InvalidSpecException when the wanted subnet clashes with the host's routes or the existing bridge
     */
    public Ipv4Subnet plannedSubnet(String owner, Optional<Ipv4Subnet> wanted, SubnetPicker candidates) {
        Optional<Bridge> existing = findBridge(bridgeName(owner));
        if (existing.isPresent()) {
            if (wanted.isPresent() && !wanted.get().equals(existing.get().subnet())) {
                throw new InvalidSpecException("network.cidr", wanted.get().toString(), "bridge " + bridgeName(owner)
                        + " of owner '" + owner + "' already uses " + existing.get().subnet()
                        + "; destroy the owner's instances first or use that subnet");
            }
            return existing.get().subnet();
        }
        List<Ipv4Subnet> used = usedSubnets();
        if (wanted.isPresent()) {
            checkFree(wanted.get(), used);
            return wanted.get();
        }
        return candidates.pick(owner, used);
    }

    private static void checkFree(Ipv4Subnet w, List<Ipv4Subnet> used) {
        for (Ipv4Subnet u : used) {
            if (u.overlaps(w) && u.prefix() > 0) {
                throw new InvalidSpecException("network.cidr", w.toString(),
                        "overlaps " + u + ", which is already routed on this host; choose a free /24");
            }
        }
    }

    /**
     * Returns the owner's bridge, creating it with a free /24 when missing. Two callers in one JVM
     * are serialised; another process creating the same bridge concurrently is tolerated.
     *
     * @param owner the owner id
     * @param wanted a subnet the caller insists on, or empty to reuse the bridge's or pick one
     * @param candidates where to look for a free /24 when none is wanted
     * @return the bridge
     * @throws InvalidSpecException when the wanted subnet clashes with the host's routes or the existing bridge
     */
    public Bridge ensureBridge(String owner, Optional<Ipv4Subnet> wanted, SubnetPicker candidates) {
        String name = bridgeName(owner);
        ReentrantLock lock = lock(name);
        lock.lock();
        try {
            Optional<Bridge> existing = findBridge(name);
            if (existing.isPresent()) {
                if (wanted.isPresent() && !wanted.get().equals(existing.get().subnet())) {
                    throw new InvalidSpecException("network.cidr", wanted.get().toString(),
                            "bridge " + name + " of owner '" + owner + "' already uses " + existing.get().subnet()
                                    + "; destroy the owner's instances first or use that subnet");
                }
                return existing.get();
            }
            if (linkExists(name)) {
                // exists without an address: half-made by a crashed run; remove and start again
                LOG.info("removing bridge {} left without an address", name);
                ip.tryRun("link", "del", name);
            }
            List<Ipv4Subnet> used = usedSubnets();
            Ipv4Subnet subnet;
            if (wanted.isPresent()) {
                checkFree(wanted.get(), used);
                subnet = wanted.get();
            } else {
                subnet = candidates.pick(owner, used);
            }
            List<List<String>> cmds = new ArrayList<>();
            cmds.add(List.of("link", "add", "name", name, "type", "bridge", "stp_state", "0", "forward_delay", "0"));
            cmds.add(List.of("link", "set", "dev", name, "alias", bridgeAlias(owner, subnet)));
            cmds.add(List.of("addr", "add", subnet.host(1) + "/" + subnet.prefix(), "dev", name));
            cmds.add(List.of("link", "set", "dev", name, "up"));
            try {
                ip.batch(cmds);
            } catch (OperationFailedException e) {
                Optional<Bridge> raced = findBridge(name);
                if (raced.isPresent()) {
                    return raced.get(); // another process made it meanwhile
                }
                ip.tryRun("link", "del", name);
                throw e;
            }
            disableIpv6(name);
            LOG.info("created bridge {} with {} (host {}) for owner '{}'", name, subnet, subnet.host(1), owner);
            return new Bridge(name, subnet);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the owner's bridge if it exists and no link is attached to it any more.
     *
     * @param owner the owner id
     * @return whether it was removed
     */
    public boolean removeBridgeIfUnused(String owner) {
        String name = bridgeName(owner);
        ReentrantLock lock = lock(name);
        lock.lock();
        try {
            if (!linkExists(name)) {
                return false;
            }
            if (!alias(name).map(a -> isBridgeAliasOf(a, owner)).orElse(false)) {
                LOG.warn("not removing {}: its alias does not say it belongs to owner '{}'", name, owner);
                return false;
            }
            Path brif = sysClassNet.resolve(name).resolve("brif");
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(brif)) {
                if (ds.iterator().hasNext()) {
                    return false;
                }
            } catch (IOException e) {
                LOG.debug("cannot read {}: {}", brif, e.toString());
            }
            boolean removed = ip.tryRun("link", "del", name);
            if (removed) {
                LOG.info("removed bridge {} of owner '{}'", name, owner);
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates a persistent tap, labels it, attaches it to the bridge and brings it up, and pins
     * the guest's address to its MAC on the bridge (a permanent neighbour entry, so the first
     * packet to a booting guest does not wait for ARP retries).
     *
     * @param tap the tap name
     * @param bridge the bridge
     * @param alias the tap's alias (see {@link #tapAlias})
     * @param guestIpv4 the guest's address
     * @param guestMac the guest's MAC
     */
    public void createTap(String tap, Bridge bridge, String alias, String guestIpv4, String guestMac) {
        if (TapIoctls.available()) {
            try {
                TapIoctls.create(tap, bridge.name(), alias, guestIpv4, guestMac);
                disableIpv6(tap);
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("creating tap {} with ioctls failed ({}); using ip", tap, e.toString());
                removeTap(tap, bridge.name(), Optional.of(guestIpv4));
            }
        }
        List<List<String>> cmds = new ArrayList<>();
        cmds.add(List.of("tuntap", "add", "dev", tap, "mode", "tap"));
        cmds.add(List.of("link", "set", "dev", tap, "alias", alias));
        cmds.add(List.of("link", "set", "dev", tap, "master", bridge.name()));
        cmds.add(List.of("link", "set", "dev", tap, "up"));
        cmds.add(List.of("neigh", "replace", guestIpv4, "lladdr", guestMac, "dev", bridge.name(), "nud", "permanent"));
        try {
            ip.batch(cmds);
        } catch (OperationFailedException e) {
            ip.tryRun("link", "del", tap);
            throw e;
        }
        disableIpv6(tap);
    }

    /**
     * Removes a tap and the guest's neighbour entry; missing ones are ignored.
     *
     * @param tap the tap name
     * @param bridge the bridge name the neighbour entry is on
     * @param guestIpv4 the guest's address, if known
     */
    public void removeTap(String tap, String bridge, Optional<String> guestIpv4) {
        if (!tap.isEmpty() && linkExists(tap)) {
            boolean gone = false;
            if (TapIoctls.available()) {
                try {
                    TapIoctls.delete(tap);
                    gone = !linkExists(tap);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("removing tap {} with ioctls failed ({}); using ip", tap, e.toString());
                }
            }
            if (!gone) {
                ip.tryRun("link", "del", tap);
            }
        }
        guestIpv4.ifPresent(a -> removeNeighbor(bridge, a));
    }

    /**
     * Removes the permanent neighbour entry {@link #createTap} made; a missing one is ignored.
     *
     * @param bridge the bridge name
     * @param guestIpv4 the guest's address
     */
    public void removeNeighbor(String bridge, String guestIpv4) {
        if (!bridge.isEmpty() && linkExists(bridge)) {
            if (TapIoctls.available()) {
                try {
                    TapIoctls.deleteArp(guestIpv4, bridge);
                    return;
                } catch (IOException | RuntimeException e) {
                    LOG.debug("removing ARP entry {} with ioctls failed ({}); using ip", guestIpv4, e.toString());
                }
            }
            ip.tryRun("neigh", "del", guestIpv4, "dev", bridge);
        }
    }

    /**
     * @return every IPv4 subnet routed in the main table or addressed on this host, read from
     *     {@code /proc/net/route} and the interfaces' addresses (no process started), with
     *     {@code ip route show table all} as fallback when {@code /proc/net/route} is unreadable
     */
    public List<Ipv4Subnet> usedSubnets() {
        List<Ipv4Subnet> used = new ArrayList<>();
        try {
            used.addAll(parseProcNetRoute(Files.readAllLines(PROC_NET_ROUTE, StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read {} ({}); asking ip", PROC_NET_ROUTE, e.toString());
            used.addAll(routesFromIp());
        }
        try {
            for (NetworkInterface nif : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4) {
                        used.add(Ipv4Subnet.containing(v4.getHostAddress() + "/" + a.getNetworkPrefixLength()));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list interfaces: {}", e.toString());
        }
        return used;
    }

    /**
     * @param lines {@code /proc/net/route}, header first; addresses are little-endian hex
     * @return the non-default destinations
     */
    static List<Ipv4Subnet> parseProcNetRoute(List<String> lines) {
        List<Ipv4Subnet> out = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] t = line.strip().split("\\s+");
            if (t.length >= 8) {
                long dst = Integer.toUnsignedLong(Integer.reverseBytes((int) Long.parseLong(t[1], 16)));
                long mask = Integer.toUnsignedLong(Integer.reverseBytes((int) Long.parseLong(t[7], 16)));
                int prefix = Long.bitCount(mask);
                if (prefix > 0) {
                    out.add(new Ipv4Subnet(dst & mask, prefix));
                }
            }
        }
        return out;
    }

    private List<Ipv4Subnet> routesFromIp() {
        List<Ipv4Subnet> used = new ArrayList<>();
        for (String line : ip.run("-4", "route", "show", "table", "all").split("\n")) {
            String[] t = line.strip().split("\\s+");
            if (t.length == 0 || t[0].isEmpty()) {
                continue;
            }
            String dst = t[0];
            if (Set.of("local", "broadcast", "unicast", "blackhole", "unreachable", "prohibit", "throw").contains(dst) && t.length > 1) {
                dst = t[1];
            }
            if (dst.equals("default")) {
                continue;
            }
            try {
                used.add(Ipv4Subnet.containing(dst));
            } catch (RuntimeException e) {
                LOG.debug("ignoring route line '{}'", line);
            }
        }
        return used;
    }

    private void disableIpv6(String link) {
        Path p = Path.of("/proc/sys/net/ipv6/conf", link, "disable_ipv6");
        try {
            if (Files.exists(p)) {
                Files.writeString(p, "1");
            }
        } catch (IOException e) {
            LOG.debug("cannot disable IPv6 on {}: {}", link, e.toString());
        }
    }

    private static ReentrantLock lock(String name) {
        return LOCKS.computeIfAbsent(name, k -> new ReentrantLock());
    }
}
