package io.nfvlightvirt.kvm;

import io.nfvlightvirt.Capabilities;
import io.nfvlightvirt.Capability;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.LightVirtException;
import io.nfvlightvirt.NotFoundException;
import io.nfvlightvirt.OperationFailedException;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.UnsupportedCapabilityException;
import io.nfvlightvirt.Usage;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.VnfState;
import io.nfvlightvirt.libvirt.connect.LibvirtConnection;
import io.nfvlightvirt.libvirt.domain.CpuMode;
import io.nfvlightvirt.libvirt.domain.CpuTune;
import io.nfvlightvirt.libvirt.domain.DiskDevice;
import io.nfvlightvirt.libvirt.domain.DomainDefinition;
import io.nfvlightvirt.libvirt.domain.DomainMetadata;
import io.nfvlightvirt.libvirt.domain.DomainStates;
import io.nfvlightvirt.libvirt.domain.DomainType;
import io.nfvlightvirt.libvirt.domain.DomainXmlWriter;
import io.nfvlightvirt.libvirt.domain.KernelBoot;
import io.nfvlightvirt.libvirt.domain.NetworkInterface;
import io.nfvlightvirt.libvirt.host.InstanceDirectory;
import io.nfvlightvirt.libvirt.host.QemuProcess;
import io.nfvlightvirt.libvirt.image.BuildProgress;
import io.nfvlightvirt.libvirt.net.HostNetwork;
import io.nfvlightvirt.libvirt.net.Ipv4Subnet;
import io.nfvlightvirt.libvirt.net.MacAddresses;
import io.nfvlightvirt.libvirt.net.SubnetPicker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.MemoryStatistic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QEMU guests through libvirt: STANDARD_VM (a Debian disk image with a per-instance qcow2
 * overlay), TINYX (kernel + initramfs) and UNIKERNEL (any unikernel kernel or disk), under KVM
 * when a test guest proves it works and TCG otherwise (see {@link VnfInstance#accelerator()}).
 *
 * <p>Each instance is a persistent libvirt domain named {@code nfvlv.OWNER.NAME} (also the
 * instance id) carrying {@link DomainMetadata}; a persistent tap ({@code nfvkt...}) on the
 * owner's bridge ({@code nfvkbr...}, a private /24, host {@code .1}); and a directory
 * ({@code /var/lib/nfv-lightvirt/instances/nfvlv.OWNER.NAME}) with private copies of the kernel and
 * initramfs, the disk overlay and the console log. {@link #destroy} removes all of them, and the
 * bridge with its last tap. The domain XML is the leanest libvirt accepts for a VNF (see
 * {@link DomainDefinition}).
 */
final class KvmBackend implements VirtualizationBackend {
    static final String DOMAIN_PREFIX = "nfvlv.";
    static final String LINK_PREFIX = "nfvk";

    /** The domain XML as defined, kept in the instance directory for diagnosis and validation. */
    static final String DOMAIN_XML = "domain.xml";

    static final String P_IPV4 = "ipv4";
    static final String P_PREFIX = "prefix";
    static final String P_MAC = "mac";
    static final String P_TAP = "tap";
    static final String P_BRIDGE = "bridge";
    static final String P_ACCEL = "accelerator";
    static final String P_IMAGE_SIZE = "image-size";
    static final String P_IMAGE = "image";
    static final String P_EVER_STARTED = "ever-started";
    static final String P_T_CREATE_CALLED = "t.create-called";
    static final String P_T_IMAGE_READY = "t.image-ready";
    static final String P_T_CREATED = "t.define-called";

    private static final Logger LOG = LoggerFactory.getLogger(KvmBackend.class);
    private static final Map<String, ReentrantLock> OWNER_LOCKS = new ConcurrentHashMap<>();
    private static final int RSS_TAG = 7; // VIR_DOMAIN_MEMORY_STAT_RSS, KiB
    private static final Capabilities CAPABILITIES = new Capabilities(
            EnumSet.of(GuestKind.STANDARD_VM, GuestKind.TINYX, GuestKind.UNIKERNEL),
            EnumSet.of(Capability.PAUSE, Capability.LIVE_STATS, Capability.MEMORY_LIMIT, Capability.CPU_LIMIT,
                    Capability.FIXED_ADDRESS, Capability.IMAGE_SIZE));

    private final LibvirtConnection conn;
    private final KvmOptions options;
    private final String owner;
    private final HostNetwork network;
    private final InstanceDirectory dirs;
    private final GuestImageSource images;
    private final QemuProcess qemu = new QemuProcess();
    private final Map<String, Map<Phase, Instant>> phases = new ConcurrentHashMap<>();
    private final Set<String> startedHere = ConcurrentHashMap.newKeySet();
    /** Domains this backend defined, so that start() needs no lookup round trips. */
    private final Map<String, Owned> known = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<String> securityModels;

    KvmBackend(LibvirtConnection conn, KvmOptions options, String owner, HostNetwork network, InstanceDirectory dirs,
            GuestImageSource images, List<String> securityModels) {
        this.securityModels = List.copyOf(securityModels);
        this.conn = conn;
        this.options = options;
        this.owner = owner;
        this.network = network;
        this.dirs = dirs;
        this.images = images;
    }

    @Override
    public String id() {
        return KvmBackendProvider.ID;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /** @return the accelerator guests of this backend get (probing KVM the first time) */
    String accelerator() {
        ensureOpen();
        return verdict().type().accelerator();
    }

    /** @return why that accelerator, in words */
    String acceleratorReason() {
        ensureOpen();
        return verdict().reason();
    }

    private AcceleratorProbe.Verdict verdict() {
        return AcceleratorProbe.verdict(conn, options, dirs, owner);
    }

    // ------------------------------------------------------------------------------------- create

    @Override
    public VnfInstance create(VnfSpec spec) {
        ensureOpen();
        Instant createCalled = Instant.now();
        checkSupported(spec);
        GuestPlan plan = GuestPlan.of(spec, images, options.unikernelBuiltin(), BuildProgress.to(LOG));
        Instant imageReady = Instant.now();
        AcceleratorProbe.Verdict accel = verdict();
        String id = DOMAIN_PREFIX + owner + "." + spec.name();
        ReentrantLock lock = OWNER_LOCKS.computeIfAbsent(conn.uri() + " " + owner, k -> new ReentrantLock());
        lock.lock();
        long t0 = System.nanoTime();
        try {
            if (domainExists(id)) {
                throw new InvalidSpecException("name", spec.name(), "an instance with this name already exists on backend 'kvm'"
                        + " for owner '" + owner + "' (domain " + id + ")");
            }
            Optional<HostNetwork.Bridge> bridge = network.findBridge(network.bridgeName(owner));
            Ipv4Subnet subnet = bridge.isPresent() && options.networkCidr().isEmpty() ? bridge.get().subnet()
                    : network.plannedSubnet(owner, options.networkCidr(), SubnetPicker.DEFAULT);
            long t1 = System.nanoTime();
            List<Properties> mine = dirs.markersOf(owner);
            long t2 = System.nanoTime();
            String ip = allocateIp(spec, subnet, mine);
            String mac = spec.network().mac().orElse(MacAddresses.fromIpv4(ip));
            for (Properties m : mine) {
                if (mac.equals(m.getProperty(P_MAC))) {
                    throw new InvalidSpecException("network.mac", mac, "is already used by instance '" + m.getProperty("instance") + "'");
                }
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("create {}: name check + bridge lookup {} us, reading address reservations {} us", id, (t1 - t0) / 1000, (t2 - t1) / 1000);
            }
            return define(spec, plan, accel, id, bridge, subnet, ip, mac, createCalled, imageReady);
        } finally {
            lock.unlock();
        }
    }

    private void checkSupported(VnfSpec spec) {
        if (!CAPABILITIES.supports(spec.guestKind())) {
            throw new UnsupportedCapabilityException(id(), "guest kind " + spec.guestKind()
                    + " (it runs " + CAPABILITIES.guestKinds() + "; use the docker backend for containers)");
        }
        if (spec.limits().pids().isPresent()) {
            throw new UnsupportedCapabilityException(id(), "limits.pids (a process-count limit applies to containers only)");
        }
        spec.labels().forEach((k, v) -> {
            if (!DomainXmlWriter.isWritable(v)) {
                throw new InvalidSpecException("labels." + k, v, "must hold only characters XML 1.0 allows (no control characters)");
            }
        });
        if (spec.image() instanceof io.nfvlightvirt.ImageRef.Kernel k && !DomainXmlWriter.isWritable(k.cmdline())) {
            throw new InvalidSpecException("image.cmdline", k.cmdline(), "must hold only printable characters");
        }
    }

    private String allocateIp(VnfSpec spec, Ipv4Subnet subnet, List<Properties> mine) {
        Set<String> used = new HashSet<>();
        for (Properties m : mine) {
            Optional.ofNullable(m.getProperty(P_IPV4)).ifPresent(used::add);
        }
        if (spec.network().ipv4().isPresent()) {
            String ip = spec.network().ipv4().get();
            int idx = subnet.indexOf(ip);
            if (idx < 2 || idx > 254) {
                throw new InvalidSpecException("network.ipv4", ip, "must be an address .2-.254 of " + subnet
                        + ", the network of backend 'kvm' for owner '" + owner + "' (host " + subnet.host(1)
                        + "); set option " + KvmOptions.NETWORK_CIDR + " to use another /24");
            }
            if (used.contains(ip)) {
                throw new InvalidSpecException("network.ipv4", ip, "is already used by another instance of owner '" + owner + "'");
            }
            return ip;
        }
        for (int i = 2; i <= 254; i++) {
            String candidate = subnet.host(i);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new OperationFailedException("no free address left in " + subnet + " for owner '" + owner + "' (253 instances)");
    }

    private VnfInstance define(VnfSpec spec, GuestPlan plan, AcceleratorProbe.Verdict accel, String id,
            Optional<HostNetwork.Bridge> existingBridge, Ipv4Subnet subnet, String ip, String mac, Instant createCalled,
            Instant imageReady) {
        String tap = network.tapName(owner, spec.name());
        List<Runnable> undo = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            HostNetwork.Bridge bridge = existingBridge.filter(b -> b.subnet().equals(subnet))
                    .orElseGet(() -> network.ensureBridge(owner, Optional.of(subnet), SubnetPicker.DEFAULT));
            long tBridge = System.nanoTime();
            undo.add(() -> network.removeBridgeIfUnused(owner));
            if (network.linkExists(tap)) {
                if (!network.alias(tap).map(a -> a.equals(HostNetwork.tapAlias(owner, spec.name()))).orElse(false)) {
                    throw new OperationFailedException("link " + tap + " exists and is not labelled as this instance's tap");
                }
                network.removeTap(tap, bridge.name(), Optional.empty());
            }
            network.createTap(tap, bridge, HostNetwork.tapAlias(owner, spec.name()), ip, mac);
            long tTap = System.nanoTime();
            undo.add(() -> network.removeTap(tap, bridge.name(), Optional.of(ip)));
            Path dir = dirs.create(id, owner, spec.name(), Map.of(P_IPV4, ip, P_MAC, mac));
            undo.add(() -> dirs.delete(id));

            DomainType type = accel.type();
            DomainDefinition.Builder b = DomainDefinition.builder(id, type)
                    .memoryBytes(spec.memoryBytes())
                    .vcpus(spec.vcpus())
                    .cpuMode(type == DomainType.KVM ? CpuMode.HOST_PASSTHROUGH : CpuMode.HYPERVISOR_DEFAULT)
                    .acpi(plan.acpi())
                    .skipCpuFeatureQuery(options.skipCpuFeatureQuery())
                    .securityModels(securityModels)
                    .networkInterface(new NetworkInterface.Ethernet(tap, mac, "virtio"));
            if (plan.kernel().isPresent()) {
                Path kernel = dirs.copyIn(dir, plan.kernel().get(), "kernel");
                Optional<Path> initrd = plan.initrd().map(i -> dirs.copyIn(dir, i, "initrd"));
                b.kernelBoot(new KernelBoot(kernel, initrd, plan.cmdline(ip, subnet, bridge.hostAddress(), mac)));
            }
            if (plan.baseDisk().isPresent()) {
                b.disk(DiskDevice.virtioQcow2(dirs.overlay(dir, plan.baseDisk().get(), "disk.qcow2")));
            }
            if (options.consoleLog()) {
                b.consoleLog(dir.resolve("console.log"));
            }
            spec.limits().cpus().ifPresent(c -> b.cpuTune(CpuTune.ofCpus(c)));
            Map<String, String> props = new LinkedHashMap<>();
            props.put(P_IPV4, ip);
            props.put(P_PREFIX, Integer.toString(subnet.prefix()));
            props.put(P_MAC, mac);
            props.put(P_TAP, tap);
            props.put(P_BRIDGE, bridge.name());
            props.put(P_ACCEL, type.accelerator());
            props.put(P_IMAGE_SIZE, Long.toString(plan.imageSizeBytes()));
            props.put(P_IMAGE, plan.description());
            props.put(P_T_CREATE_CALLED, createCalled.toString());
            props.put(P_T_IMAGE_READY, imageReady.toString());
            Instant defineCalled = Instant.now();
            props.put(P_T_CREATED, defineCalled.toString());
            DomainMetadata md = new DomainMetadata(owner, spec.name(), spec.guestKind().name(), props, spec.labels());
            String xml = DomainXmlWriter.write(b.metadata(md).build());
            dirs.write(dir, DOMAIN_XML, xml);
            long tFiles = System.nanoTime();
            Domain dom;
            try {
                dom = conn.raw().domainDefineXML(xml);
            } catch (LibvirtException e) {
                throw conn.failure(e, "defining domain " + id);
            }
            known.put(id, new Owned(id, dom, md));
            Instant created = Instant.now();
            if (LOG.isDebugEnabled()) {
                LOG.debug("create {}: bridge {} us, tap {} us, files + XML {} us, defineXML {} us", id, (tBridge - t0) / 1000,
                        (tTap - tBridge) / 1000, (tFiles - tTap) / 1000, (System.nanoTime() - tFiles) / 1000);
            }
            Map<Phase, Instant> t = new EnumMap<>(Phase.class);
            t.put(Phase.CREATE_CALLED, createCalled);
            t.put(Phase.IMAGE_READY, imageReady);
            t.put(Phase.CREATED, created);
            phases.put(id, t);
            startedHere.remove(id);
            LOG.info("created {} ({} {}, {} MiB, {} on {} {}, accelerator {})", id, spec.guestKind(), plan.description(),
                    spec.memoryBytes() >> 20, ip, bridge.name(), tap, type.accelerator());
            return snapshot(id, md, VnfState.CREATED);
        } catch (RuntimeException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).run();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    // ----------------------------------------------------------------------------------- lifecycle

    @Override
    public VnfInstance start(String id) {
        ensureOpen();
        Instant startCalled = Instant.now();
        Owned o = known.get(id);
        if (o == null) {
            o = owned(id);
        }
        try {
            o.dom().create();
        } catch (LibvirtException e) {
            if (LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN) && known.remove(id) != null) {
                return start(id); // the handle went stale (destroyed, maybe re-created, by another backend): look it up
            }
            if (LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_OPERATION_INVALID) && isActive(o)) {
                return snapshot(id, o.md(), state(o)); // already running: starting is a no-op
            }
            throw conn.failure(e, "starting domain " + id);
        }
        Instant started = Instant.now();
        Map<Phase, Instant> t = phases.computeIfAbsent(id, k -> new EnumMap<>(Phase.class));
        t.put(Phase.START_CALLED, startCalled);
        t.put(Phase.STARTED, started);
        startedHere.add(id);
        return snapshot(id, o.md(), VnfState.RUNNING);
    }

    @Override
    public VnfInstance stop(String id) {
        ensureOpen();
        Owned o = owned(id);
        try {
            if (isActive(o)) {
                boolean graceful = GuestKind.STANDARD_VM.name().equals(o.md().guestKind());
                if (graceful) {
                    o.dom().shutdown();
                    long deadline = System.nanoTime() + options.stopTimeout().toNanos();
                    while (isActive(o) && System.nanoTime() < deadline) {
                        sleep(50);
                    }
                }
                if (isActive(o)) {
                    o.dom().destroy();
                }
            }
            startedHere.add(id);
            DomainMetadata md = o.md();
            if (!md.property(P_EVER_STARTED).isPresent()) {
                md = md.withProperty(P_EVER_STARTED, "true");
                o.dom().setMetadata(Domain.MetadataType.ELEMENT, md.toSetMetadataXml(), DomainMetadata.PREFIX,
                        DomainMetadata.NAMESPACE, 0);
            }
            return snapshot(id, md, VnfState.STOPPED);
        } catch (LibvirtException e) {
            throw conn.failure(e, "stopping domain " + id);
        }
    }

    @Override
    public VnfInstance pause(String id) {
        ensureOpen();
        Owned o = owned(id);
        try {
            o.dom().suspend();
        } catch (LibvirtException e) {
            throw conn.failure(e, "pausing domain " + id);
        }
        return snapshot(id, o.md(), VnfState.PAUSED);
    }

    @Override
    public VnfInstance resume(String id) {
        ensureOpen();
        Owned o = owned(id);
        try {
            o.dom().resume();
        } catch (LibvirtException e) {
            throw conn.failure(e, "resuming domain " + id);
        }
        return snapshot(id, o.md(), VnfState.RUNNING);
    }

    @Override
    public void destroy(String id) {
        ensureOpen();
        Optional<String> name = instanceNameOf(id);
        if (name.isEmpty()) {
            return; // not an id this owner could have made
        }
        Optional<String> ip = Optional.empty();
        Domain dom = lookup(id);
        if (dom != null) {
            Optional<DomainMetadata> md = metadata(dom);
            if (md.isEmpty() || !md.get().owner().equals(owner)) {
                return; // someone else's domain with a name like ours: never touch it
            }
            ip = md.get().property(P_IPV4);
            try {
                if (dom.isActive() == 1) {
                    dom.destroy();
                }
            } catch (LibvirtException e) {
                if (!LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_OPERATION_INVALID)
                        && !LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                    throw conn.failure(e, "destroying domain " + id);
                }
            }
            try {
                dom.undefine();
            } catch (LibvirtException e) {
                if (!LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                    throw conn.failure(e, "undefining domain " + id);
                }
            }
        }
        String tap = network.tapName(owner, name.get());
        if (network.alias(tap).map(a -> a.equals(HostNetwork.tapAlias(owner, name.get()))).orElse(false)) {
            network.removeTap(tap, network.bridgeName(owner), ip);
        } else {
            ip.ifPresent(a -> network.removeNeighbor(network.bridgeName(owner), a));
        }
        dirs.delete(id);
        known.remove(id);
        phases.remove(id);
        startedHere.remove(id);
        network.removeBridgeIfUnused(owner);
        if (dom != null) {
            LOG.info("destroyed {}", id);
        }
    }

    // ---------------------------------------------------------------------------------------- read

    @Override
    public VnfInstance inspect(String id) {
        ensureOpen();
        Owned o = owned(id);
        return snapshot(id, o.md(), state(o));
    }

    @Override
    public List<VnfInstance> list() {
        ensureOpen();
        List<VnfInstance> out = new ArrayList<>();
        for (Owned o : ownedDomains()) {
            out.add(snapshot(o.id(), o.md(), state(o)));
        }
        return out;
    }

    @Override
    public Usage usage(String id) {
        ensureOpen();
        Owned o = owned(id);
        try {
            DomainInfo info = o.dom().getInfo();
            Instant now = Instant.now();
            if (info.state == DomainInfo.DomainState.VIR_DOMAIN_SHUTOFF) {
                return new Usage(0, Duration.ZERO, now, "libvirt (not running)");
            }
            Duration cpu = Duration.ofNanos(info.cpuTime);
            try {
                for (MemoryStatistic s : o.dom().memoryStats(16)) {
                    if (s.getTag() == RSS_TAG && s.getValue() > 0) {
                        return new Usage(s.getValue() * 1024, cpu, now, "libvirt-rss");
                    }
                }
            } catch (LibvirtException e) {
                LOG.debug("memory stats of {}: {}", id, LibvirtConnection.message(e));
            }
            OptionalLong rss = qemu.rssBytes(id);
            if (rss.isPresent()) {
                return new Usage(rss.getAsLong(), cpu, now, "proc-vmrss");
            }
            return new Usage(info.memory * 1024, cpu, now, "libvirt-current-memory");
        } catch (LibvirtException e) {
            throw conn.failure(e, "reading usage of domain " + id);
        }
    }

    @Override
    public long imageSizeBytes(String id) {
        ensureOpen();
        Owned o = owned(id);
        return o.md().property(P_IMAGE_SIZE).map(Long::parseLong)
                .orElseThrow(() -> new OperationFailedException("instance " + id + " has no recorded image size"));
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        ensureOpen();
        if (type == Connect.class) {
            return type.cast(conn.raw());
        }
        if (type == LibvirtConnection.class) {
            return type.cast(conn);
        }
        throw new IllegalArgumentException("backend 'kvm' has no " + type.getName() + "; it offers " + Connect.class.getName()
                + " and " + LibvirtConnection.class.getName());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            network.removeBridgeIfUnused(owner);
        } catch (LightVirtException e) {
            LOG.warn("could not remove the bridge of owner '{}': {}", owner, e.getMessage());
        } finally {
            conn.close();
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    /** A domain of ours with its metadata. */
    private record Owned(String id, Domain dom, DomainMetadata md) {}

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("backend 'kvm' (owner '" + owner + "', " + conn.uri() + ") is closed");
        }
    }

    private Optional<String> instanceNameOf(String id) {
        String p = DOMAIN_PREFIX + owner + ".";
        if (id == null || !id.startsWith(p)) {
            return Optional.empty();
        }
        String name = id.substring(p.length());
        return name.matches("[a-z][a-z0-9-]{0,47}") ? Optional.of(name) : Optional.empty();
    }

    private NotFoundException notFound(String id) {
        return new NotFoundException("backend 'kvm' (owner '" + owner + "') has no instance '" + id + "'");
    }

    private Domain lookup(String id) {
        try {
            return conn.raw().domainLookupByName(id);
        } catch (LibvirtException e) {
            if (LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return null;
            }
            throw conn.failure(e, "looking up domain " + id);
        }
    }

    private boolean domainExists(String id) {
        return lookup(id) != null;
    }

    private Optional<DomainMetadata> metadata(Domain dom) {
        try {
            return DomainMetadata.parse(dom.getMetadata(Domain.MetadataType.ELEMENT, DomainMetadata.NAMESPACE, 0));
        } catch (LibvirtException e) {
            if (LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN_METADATA)
                    || LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return Optional.empty();
            }
            throw conn.failure(e, "reading metadata of a domain");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Owned owned(String id) {
        if (instanceNameOf(id).isEmpty()) {
            throw notFound(id);
        }
        Domain dom = lookup(id);
        if (dom == null) {
            throw notFound(id);
        }
        DomainMetadata md = metadata(dom).filter(m -> m.owner().equals(owner)).orElseThrow(() -> notFound(id));
        return new Owned(id, dom, md);
    }

    private List<Owned> ownedDomains() {
        String p = DOMAIN_PREFIX + owner + ".";
        List<Owned> out = new ArrayList<>();
        try {
            Connect c = conn.raw();
            List<String> names = new ArrayList<>(List.of(c.listDefinedDomains()));
            for (int domId : c.listDomains()) {
                try {
                    names.add(c.domainLookupByID(domId).getName());
                } catch (LibvirtException e) {
                    if (!LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                        throw e;
                    }
                }
            }
            for (String n : names) {
                if (n.startsWith(p) && instanceNameOf(n).isPresent()) {
                    Domain dom = lookup(n);
                    if (dom != null) {
                        metadata(dom).filter(m -> m.owner().equals(owner)).ifPresent(m -> out.add(new Owned(n, dom, m)));
                    }
                }
            }
        } catch (LibvirtException e) {
            throw conn.failure(e, "listing domains");
        }
        return out;
    }

    private boolean isActive(Owned o) {
        try {
            return o.dom().isActive() == 1;
        } catch (LibvirtException e) {
            throw conn.failure(e, "reading state of domain " + o.id());
        }
    }

    private VnfState state(Owned o) {
        try {
            DomainInfo info = o.dom().getInfo();
            boolean everStarted = startedHere.contains(o.id()) || o.md().property(P_EVER_STARTED).isPresent();
            return DomainStates.toVnfState(info.state, everStarted);
        } catch (LibvirtException e) {
            if (LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                throw notFound(o.id());
            }
            throw conn.failure(e, "reading state of domain " + o.id());
        }
    }

    private VnfInstance snapshot(String id, DomainMetadata md, VnfState state) {
        Map<Phase, Instant> t = new EnumMap<>(Phase.class);
        md.property(P_T_CREATE_CALLED).map(Instant::parse).ifPresent(i -> t.put(Phase.CREATE_CALLED, i));
        md.property(P_T_IMAGE_READY).map(Instant::parse).ifPresent(i -> t.put(Phase.IMAGE_READY, i));
        md.property(P_T_CREATED).map(Instant::parse).ifPresent(i -> t.put(Phase.CREATED, i));
        Map<Phase, Instant> seen = phases.get(id);
        if (seen != null) {
            t.putAll(seen);
        }
        GuestKind kind = GuestKind.valueOf(md.guestKind());
        Optional<String> reason = state == VnfState.FAILED ? Optional.of("crashed") : Optional.empty();
        return new VnfInstance(id, md.instance(), id(), kind, state, reason, md.property(P_IPV4), md.property(P_MAC),
                md.property(P_TAP), md.property(P_ACCEL).orElse("unknown"), t, md.labels());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted");
        }
    }

    @Override
    public String toString() {
        return "KvmBackend[owner=" + owner + ", " + conn.uri() + (closed.get() ? ", closed]" : "]");
    }
}
