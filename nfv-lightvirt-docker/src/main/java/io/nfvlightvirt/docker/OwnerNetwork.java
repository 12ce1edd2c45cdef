package io.nfvlightvirt.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.OperationFailedException;
import io.nfvlightvirt.Ownership;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge network one owner's instances live on: named {@code nfvlv-<owner>}, labelled with
 * {@link Ownership#MANAGED} and {@link Ownership#OWNER}, its host-side bridge interface named
 * {@code nfvlv<10 hex digits of the owner's hash>} (that name is the instances'
 * {@link io.nfvlightvirt.VnfInstance#linkName()}). Its subnet is the {@code network.subnet} option,
 * or else the first /24 of 10.213.0.0/16 (starting at a place derived from the owner) that overlaps
 * no network on the engine and no address of this host. The gateway {@code .1} is the host.
 *
 * <p>Instances get fixed addresses: the one the spec asks for, or the next free one. Created
 * lazily by the first instance, removed when the owner's last instance is destroyed.
 */
final class OwnerNetwork {
    static final String BRIDGE_OPTION = "com.docker.network.bridge.name";
    private static final String AUTO_POOL = "10.213.0.0/16";
    private static final Logger LOG = LoggerFactory.getLogger(OwnerNetwork.class);

    /**
     * The network as it exists on the engine.
     *
     * @param id network id
     * @param subnet its subnet
     * @param bridge the host-side bridge interface name
     */
    record Known(String id, Ipv4Subnet subnet, String bridge) {}

    /**
     * An address held for an instance being created.
     *
     * @param network the network it is on
     * @param address the address, as an unsigned value
     */
    record Allocation(Known network, long address) {
        String ipv4() {
            return Ipv4Subnet.render(address);
        }
    }

    private final DockerClient client;
    private final EngineErrors errors;
    private final DockerSettings settings;
    private final String name;
    private final String bridge;
    private final Set<Long> reserved = new HashSet<>();
    private final Map<Long, String> assigned = new HashMap<>();
    private Known known;
    private long nextHint;

    OwnerNetwork(DockerClient client, EngineErrors errors, DockerSettings settings) {
        this.client = client;
        this.errors = errors;
        this.settings = settings;
        this.name = networkName(settings.owner());
        this.bridge = bridgeName(settings.owner());
    }

    /**
     * @param owner an owner id
     * @return the name of its network
     */
    static String networkName(String owner) {
        return "nfvlv-" + owner;
    }

    /**
     * @param owner an owner id
     * @return the bridge interface name (15 characters, the kernel's limit)
     */
    static String bridgeName(String owner) {
        return "nfvlv" + BuiltinImage.sha256(owner.getBytes(StandardCharsets.UTF_8)).substring(0, 10);
    }

    /** @return the network's name on the engine */
    String name() {
        return name;
    }

    /**
     * Checks a fixed address against the subnet the network has or would get, touching nothing.
     *
     * @param fixed the spec's address, if any
     * @param used addresses the owner's containers already hold
     * @throws InvalidSpecException when the address is outside the subnet, reserved, or taken
     */
    synchronized void checkAddress(Optional<String> fixed, Map<Long, String> used) {
        if (fixed.isEmpty()) {
            return;
        }
        Ipv4Subnet subnet = existing().map(Known::subnet).orElseGet(this::planSubnet);
        checkFixed(subnet, fixed.get(), used);
    }

    private void checkFixed(Ipv4Subnet subnet, String ipv4, Map<Long, String> used) {
        long a = Ipv4Subnet.address(ipv4);
        if (!subnet.isInstanceAddress(a)) {
            throw new InvalidSpecException("network.ipv4", ipv4, "must be a host address in this backend's subnet "
                    + subnet + " other than the gateway " + subnet.gateway() + " (the docker backend option "
                    + DockerSettings.OPT_SUBNET + " chooses the subnet)");
        }
        if (used.containsKey(a) || reserved.contains(a) || assigned.containsKey(a)) {
            throw new InvalidSpecException("network.ipv4", ipv4, "is already used by instance '"
                    + used.getOrDefault(a, "(being created)") + "' of owner " + settings.owner());
        }
    }

    /**
     * Makes sure the network exists and holds an address for a new instance.
     *
     * @param fixed the spec's address, if any
     * @param used addresses the owner's containers already hold, with their instance names
     * @return the allocation; {@link #release} it once the container exists or creation failed
     */
    synchronized Allocation allocate(Optional<String> fixed, Map<Long, String> used) {
        Known net = ensure();
        long address;
        if (fixed.isPresent()) {
            checkFixed(net.subnet(), fixed.get(), used);
            address = Ipv4Subnet.address(fixed.get());
        } else {
            address = nextFree(net.subnet(), used.keySet());
        }
        reserved.add(address);
        return new Allocation(net, address);
    }

    /** @param allocation an allocation whose container was not created */
    synchronized void release(Allocation allocation) {
        reserved.remove(allocation.address());
    }

    /**
     * Keeps an allocation's address taken until the container is destroyed, so that a list of the
     * owner's containers taken before it was created cannot hand the address out again.
     *
     * @param allocation the allocation
     * @param containerId the container now holding the address
     */
    synchronized void assign(Allocation allocation, String containerId) {
        reserved.remove(allocation.address());
        assigned.put(allocation.address(), containerId);
    }

    /** @param containerId a container that is gone */
    synchronized void unassign(String containerId) {
        assigned.values().removeIf(containerId::equals);
    }

    /** Forgets what is known about the network, after the engine said it is gone. */
    synchronized void forget() {
        known = null;
    }

    private long nextFree(Ipv4Subnet subnet, Set<Long> used) {
        long first = subnet.firstInstanceAddress();
        long count = subnet.lastInstanceAddress() - first + 1;
        for (long i = 0; i < count; i++) {
            long a = first + Math.floorMod(nextHint + i, count);
            if (!used.contains(a) && !reserved.contains(a) && !assigned.containsKey(a)) {
                nextHint = a - first + 1;
                return a;
            }
        }
        throw new OperationFailedException("no free address left in subnet " + subnet + " of network " + name
                + "; destroy instances or choose a larger docker backend option " + DockerSettings.OPT_SUBNET);
    }

    private Optional<Known> existing() {
        if (known != null) {
            return Optional.of(known);
        }
        Network n;
        try {
            n = client.inspectNetworkCmd().withNetworkId(name).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw errors.translate("inspect network " + name, e);
        }
        known = toKnown(n);
        return Optional.of(known);
    }

    private Known toKnown(Network n) {
        Map<String, String> labels = n.getLabels() == null ? Map.of() : n.getLabels();
        if (!"true".equals(labels.get(Ownership.MANAGED)) || !settings.owner().equals(labels.get(Ownership.OWNER))) {
            throw new OperationFailedException("a network named " + name + " exists on the engine but is not owner "
                    + settings.owner() + "'s (labels " + labels + "); remove it or use another owner id");
        }
        Ipv4Subnet subnet = n.getIpam() == null || n.getIpam().getConfig() == null ? null
                : n.getIpam().getConfig().stream().map(c -> Ipv4Subnet.parseForeign(c.getSubnet()))
                        .flatMap(Optional::stream).findFirst().orElse(null);
        if (subnet == null) {
            throw new OperationFailedException("network " + name + " has no IPv4 subnet; remove it and let the backend recreate it");
        }
        String br = n.getOptions() == null ? null : n.getOptions().get(BRIDGE_OPTION);
        if (br == null || br.isBlank()) {
            br = "br-" + n.getId().substring(0, 12);
        }
        return new Known(n.getId(), subnet, br);
    }

    private Known ensure() {
        Optional<Known> e = existing();
        if (e.isPresent()) {
            return e.get();
        }
        List<Ipv4Subnet> tried = new ArrayList<>();
        for (int attempt = 0; attempt < 8; attempt++) {
            Ipv4Subnet subnet = settings.subnet().orElseGet(() -> pickSubnet(tried));
            try {
                String id = client.createNetworkCmd()
                        .withName(name)
                        .withDriver("bridge")
                        .withCheckDuplicate(true)
                        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config()
                                .withSubnet(subnet.toString()).withGateway(subnet.gateway())))
                        .withOptions(Map.of(BRIDGE_OPTION, bridge))
                        .withLabels(Map.of(Ownership.MANAGED, "true", Ownership.OWNER, settings.owner()))
                        .exec().getId();
                known = new Known(id, subnet, bridge);
                LOG.debug("created network {} ({}) on bridge {}", name, subnet, bridge);
                return known;
            } catch (ConflictException e2) {
                Optional<Known> now = existing();
                if (now.isPresent()) {
                    return now.get();
                }
                throw errors.translate("create network " + name, e2);
            } catch (DockerException e2) {
                String msg = String.valueOf(e2.getMessage()).toLowerCase(Locale.ROOT);
                if (msg.contains("already exists")) {
                    Optional<Known> now = existing();
                    if (now.isPresent()) {
                        return now.get();
                    }
                }
                if (msg.contains("overlap")) {
                    if (settings.subnet().isPresent()) {
                        throw new OperationFailedException("the docker backend option " + DockerSettings.OPT_SUBNET + "="
                                + subnet + " overlaps a network that already exists on the engine; choose another subnet", e2);
                    }
                    tried.add(subnet);
                    continue;
                }
                throw errors.translate("create network " + name + " (" + subnet + ")", e2);
            } catch (RuntimeException e2) {
                throw errors.translate("create network " + name, e2);
            }
        }
        throw new OperationFailedException("could not create network " + name + ": subnets " + tried
                + " all overlapped other networks; set the docker backend option " + DockerSettings.OPT_SUBNET);
    }

    /** @return the subnet a new network would get now */
    private Ipv4Subnet planSubnet() {
        return settings.subnet().orElseGet(() -> pickSubnet(List.of()));
    }

    private Ipv4Subnet pickSubnet(List<Ipv4Subnet> alsoAvoid) {
        List<Ipv4Subnet> taken = new ArrayList<>(alsoAvoid);
        try {
            for (Network n : client.listNetworksCmd().exec()) {
                if (n.getIpam() != null && n.getIpam().getConfig() != null) {
                    for (Network.Ipam.Config c : n.getIpam().getConfig()) {
                        Ipv4Subnet.parseForeign(c.getSubnet()).ifPresent(taken::add);
                    }
                }
            }
        } catch (RuntimeException e) {
            throw errors.translate("list networks", e);
        }
        if (settings.localSocket()) {
            taken.addAll(hostSubnets());
        }
        Ipv4Subnet pool = Ipv4Subnet.parse("pool", AUTO_POOL);
        int start = Integer.parseInt(bridge.substring(5, 7), 16);
        for (int i = 0; i < 256; i++) {
            int third = (start + i) & 255;
            Ipv4Subnet candidate = new Ipv4Subnet(pool.base() + ((long) third << 8), 24);
            if (taken.stream().noneMatch(candidate::overlaps)) {
                return candidate;
            }
        }
        throw new OperationFailedException("every /24 of " + AUTO_POOL + " overlaps a network on the engine or this host; "
                + "set the docker backend option " + DockerSettings.OPT_SUBNET);
    }

    private static List<Ipv4Subnet> hostSubnets() {
        List<Ipv4Subnet> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
                    if (ia.getAddress() instanceof Inet4Address a4) {
                        Ipv4Subnet.parseForeign(a4.getHostAddress() + "/" + ia.getNetworkPrefixLength()).ifPresent(out::add);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("could not list host interfaces: {}", e.toString());
        }
        return out;
    }

    /**
     * Removes the network when no container of the owner is left and no creation is under way.
     * The owner's containers are listed while this object's lock is held, so a container this
     * backend is creating is either still reserved or already listed. A network still in use by
     * someone else's endpoint stays.
     *
     * @param listOwnContainerIds lists the ids of the owner's containers on the engine
     */
    synchronized void removeIfUnused(Supplier<List<String>> listOwnContainerIds) {
        if (!reserved.isEmpty()) {
            return;
        }
        List<String> ids = listOwnContainerIds.get();
        assigned.values().retainAll(ids);
        if (!ids.isEmpty()) {
            return;
        }
        try {
            client.removeNetworkCmd(name).exec();
            LOG.debug("removed network {}", name);
        } catch (NotFoundException e) {
            // already gone
        } catch (ConflictException e) {
            LOG.debug("network {} still has endpoints; kept", name);
        } catch (RuntimeException e) {
            throw errors.translate("remove network " + name, e);
        } finally {
            known = null;
        }
    }

    /**
     * @param networkName a network the container is on
     * @return the host-side bridge interface for it, if it is this owner's network
     */
    synchronized Optional<String> linkName(String networkName) {
        if (!name.equals(networkName)) {
            return Optional.empty();
        }
        try {
            return existing().map(Known::bridge);
        } catch (OperationFailedException e) {
            return Optional.empty();
        }
    }
}
