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
 * <p>{@link #create} prepares everything on the host and nothing in libvirt: a persistent tap
 * ({@code nfvkt...}) on the owner's bridge ({@code nfvkbr...}, a private /24, host {@code .1}),
 * and a directory ({@code /var/lib/nfv-lightvirt/instances/nfvlv.OWNER.NAME}) holding private
 * copies of the kernel and initramfs, the disk overlay, the console log and the domain XML with
 * the {@link DomainMetadata}. {@link #start} hands that XML to {@code virDomainCreateXML}: a
 * transient domain named {@code nfvlv.OWNER.NAME} (also the instance id). Measured here, starting
 * a defined (persistent) domain took 15-20 ms longer than creating a transient one, because libvirt
 * copies the persistent definition at every start. {@link #stop} destroys the domain and keeps the
 * instance; {@link #destroy} removes domain, tap, directory, and the bridge with its last tap.
 * The instance directories are this backend's record of its instances, so a restarted caller
 * finds them again ({@link #list}); the daemon must therefore run on this host.
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
    static final String P_T_CREATE_CALLED = "t.create-called";
    static final String P_T_IMAGE_READY = "t.image-ready";
    static final String P_T_CREATED = "t.created";
    static final String P_T_START_CALLED = "t.start-called";
    static final String P_T_STARTED = "t.started";
    /** Written into the instance directory when the instance first started, with the start phases. */
    static final String STARTED_MARKER = "started";

    private static final Logger LOG = LoggerFactory.getLogger(KvmBackend.class);
    private static final Map<String, ReentrantLock> OWNER_LOCKS = new ConcurrentHashMap<>();
    private static final int RSS_TAG = 7; // VIR_DOMAIN_MEMORY_STAT_RSS, KiB
    private static final Capabilities CAPABILITIES = new Capabilities(
            EnumSet.of(GuestKind.STANDARD_VM, GuestKind.TINYX, GuestKind.UNIKERNEL),
            EnumSet.of(Capability.PAUSE, Capability.LIVE_STATS, Capability.MEMORY_LIMIT, Capability.CPU_LIMIT,
                    Capability.FIXED_ADDRESS, Capability.IMAGE_SIZE));

    private final LibvirtConnection conn;
    private final KvmOptions options;
    /** The bundled unikernel in the image cache, once written there. */
    private volatile Path bundledUnikernel;
    private final String owner;
    private final HostNetwork network;
    private final InstanceDirectory dirs;
    private final GuestImageSource images;
    private final QemuProcess qemu = new QemuProcess();
    private final Map<String, Map<Phase, Instant>> phases = new ConcurrentHashMap<>();
    /** Instances this backend prepared, so that start() reads nothing before calling libvirt. */
    private final Map<String, Prepared> known = new ConcurrentHashMap<>();
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
        GuestPlan plan = plan(spec);
        Instant imageReady = Instant.now();
        AcceleratorProbe.Verdict accel = verdict();
        String id = DOMAIN_PREFIX + owner + "." + spec.name();
        ReentrantLock lock = ownerLock();
        lock.lock();
        long t0 = System.nanoTime();
        try {
            if (Files.exists(dirs.dirOf(id))) {
                throw new InvalidSpecException("name", spec.name(), "an instance with this name already exists on backend 'kvm'"
                        + " for owner '" + owner + "' (id " + id + ")");
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
            return prepare(spec, plan, accel, id, bridge, subnet, ip, mac, createCalled, imageReady);
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

    private VnfInstance prepare(VnfSpec spec, GuestPlan plan, AcceleratorProbe.Verdict accel, String id,
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
            props.put(P_T_CREATED, Instant.now().toString());
            DomainMetadata md = new DomainMetadata(owner, spec.name(), spec.guestKind().name(), props, spec.labels());
            String xml = DomainXmlWriter.write(b.metadata(md).build());
            dirs.write(dir, DOMAIN_XML, xml);
            known.put(id, new Prepared(xml, md));
            Instant created = Instant.now();
            if (LOG.isDebugEnabled()) {
                LOG.debug("create {}: bridge {} us, tap {} us, files + domain XML {} us", id, (tBridge - t0) / 1000,
                        (tTap - tBridge) / 1000, (System.nanoTime() - tTap) / 1000);
            }
            Map<Phase, Instant> t = new EnumMap<>(Phase.class);
            t.put(Phase.CREATE_CALLED, createCalled);
            t.put(Phase.IMAGE_READY, imageReady);
            t.put(Phase.CREATED, created);
            phases.put(id, t);
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
        Prepared p = known.get(id);
        if (p == null) {
            p = prepared(id);
        }
        try {
            conn.raw().domainCreateXML(p.xml(), 0);
        } catch (LibvirtException e) {
            if (LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_OPERATION_FAILED) && running(id, p.md()).isPresent()) {
                return inspect(id); // already running: starting is a no-op
            }
            throw conn.failure(e, "starting domain " + id);
        }
        Instant started = Instant.now();
        Map<Phase, Instant> t = phases.computeIfAbsent(id, k -> new EnumMap<>(Phase.class));
        t.put(Phase.START_CALLED, startCalled);
        t.put(Phase.STARTED, started);
        dirs.write(dirs.dirOf(id), STARTED_MARKER, P_T_START_CALLED + "=" + startCalled + "\n" + P_T_STARTED + "=" + started + "\n");
        return snapshot(id, p.md(), VnfState.RUNNING);
    }

    @Override
    public VnfInstance stop(String id) {
        ensureOpen();
        Prepared p = prepared(id);
        Optional<Domain> dom = running(id, p.md());
        try {
            if (dom.isPresent()) {
                if (GuestKind.STANDARD_VM.name().equals(p.md().guestKind())) {
                    dom.get().shutdown();
                    long deadline = System.nanoTime() + options.stopTimeout().toNanos();
                    while (running(id, p.md()).isPresent() && System.nanoTime() < deadline) {
                        sleep(50);
                    }
                }
                if (running(id, p.md()).isPresent()) {
                    dom.get().destroy();
                }
            }
        } catch (LibvirtException e) {
            if (!LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)
                    && !LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_OPERATION_INVALID)) {
                throw conn.failure(e, "stopping domain " + id);
            }
        }
        return snapshot(id, p.md(), everStarted(id) ? VnfState.STOPPED : VnfState.CREATED);
    }

    @Override
    public VnfInstance pause(String id) {
        ensureOpen();
        Prepared p = prepared(id);
        Domain dom = running(id, p.md()).orElseThrow(() -> notRunning(id, "pause"));
        try {
            dom.suspend();
        } catch (LibvirtException e) {
            throw conn.failure(e, "pausing domain " + id);
        }
        return snapshot(id, p.md(), VnfState.PAUSED);
    }

    @Override
    public VnfInstance resume(String id) {
        ensureOpen();
        Prepared p = prepared(id);
        Domain dom = running(id, p.md()).orElseThrow(() -> notRunning(id, "resume"));
        try {
            dom.resume();
        } catch (LibvirtException e) {
            throw conn.failure(e, "resuming domain " + id);
        }
        return snapshot(id, p.md(), VnfState.RUNNING);
    }

    @Override
    public void destroy(String id) {
        ensureOpen();
        Optional<String> name = instanceNameOf(id);
        if (name.isEmpty()) {
            return; // not an id this owner could have made
        }
        Optional<DomainMetadata> md = localMetadata(id);
        Domain dom = lookup(id);
        if (dom != null) {
            Optional<DomainMetadata> live = metadata(dom);
            if (live.isPresent() && live.get().owner().equals(owner)) {
                md = md.isPresent() ? md : live;
                try {
                    dom.destroy();
                } catch (LibvirtException e) {
                    if (!LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_OPERATION_INVALID)
                            && !LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                        throw conn.failure(e, "destroying domain " + id);
                    }
                }
                try {
                    if (dom.isPersistent() == 1) {
                        dom.undefine();
                    }
                } catch (LibvirtException e) {
                    if (!LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                        throw conn.failure(e, "undefining domain " + id);
                    }
                }
            }
        }
        Optional<String> ip = md.flatMap(m -> m.property(P_IPV4));
        String tap = network.tapName(owner, name.get());
        if (network.alias(tap).map(a -> a.equals(HostNetwork.tapAlias(owner, name.get()))).orElse(false)) {
            network.removeTap(tap, network.bridgeName(owner), ip);
        } else {
            ip.ifPresent(a -> network.removeNeighbor(network.bridgeName(owner), a));
        }
        boolean existed = dirs.delete(id);
        known.remove(id);
        phases.remove(id);
        ReentrantLock lock = ownerLock();
        lock.lock(); // not while another thread of this JVM is between finding the bridge and adding its tap
        try {
            network.removeBridgeIfUnused(owner);
        } finally {
            lock.unlock();
        }
        if (existed || dom != null) {
            LOG.info("destroyed {}", id);
        }
    }

    // ---------------------------------------------------------------------------------------- read

    @Override
    public VnfInstance inspect(String id) {
        ensureOpen();
        Prepared p = prepared(id);
        return snapshot(id, p.md(), state(id, p.md()));
    }

    @Override
    public List<VnfInstance> list() {
        ensureOpen();
        try {
            conn.raw().numOfDomains(); // one round trip, so that a daemon that went away is reported even with no instances
        } catch (LibvirtException e) {
            throw conn.failure(e, "listing domains");
        }
        List<VnfInstance> out = new ArrayList<>();
        for (Properties m : dirs.markersOf(owner)) {
            String id = m.getProperty("domain");
            if (id == null || instanceNameOf(id).isEmpty()) {
                continue;
            }
            Optional<DomainMetadata> md = localMetadata(id);
            if (md.isPresent()) {
                out.add(snapshot(id, md.get(), state(id, md.get())));
            }
        }
        return out;
    }

    @Override
    public Usage usage(String id) {
        ensureOpen();
        Prepared p = prepared(id);
        Optional<Domain> dom = running(id, p.md());
        Instant now = Instant.now();
        if (dom.isEmpty()) {
            return new Usage(0, Duration.ZERO, now, "libvirt (not running)");
        }
        try {
            DomainInfo info = dom.get().getInfo();
            Duration cpu = Duration.ofNanos(info.cpuTime);
            try {
                for (MemoryStatistic s : dom.get().memoryStats(16)) {
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
            if (LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return new Usage(0, Duration.ZERO, now, "libvirt (not running)");
            }
            throw conn.failure(e, "reading usage of domain " + id);
        }
    }

    @Override
    public long imageSizeBytes(String id) {
        ensureOpen();
        Prepared p = prepared(id);
        return p.md().property(P_IMAGE_SIZE).map(Long::parseLong)
                .orElseThrow(() -> new OperationFailedException("instance " + id + " has no recorded image size"));
    }

    @Override
    public String prepare(VnfSpec spec) {
        ensureOpen();
        java.util.Objects.requireNonNull(spec, "spec");
        String description = plan(spec).description();
        verdict(); // the accelerator probe (a test guest under KVM, once per connection) stays out of create too
        return description;
    }

    /** What create and prepare both start with: the spec checked, its image built or found. */
    private GuestPlan plan(VnfSpec spec) {
        checkSupported(spec);
        Optional<Path> builtin = options.unikernelBuiltin();
        if (builtin.isEmpty() && spec.guestKind() == GuestKind.UNIKERNEL && spec.image() instanceof io.nfvlightvirt.ImageRef.Builtin) {
            // found once (reading and hashing the jar's copy stays out of later timed creates)
            Path known = bundledUnikernel;
            if (known == null || !java.nio.file.Files.isReadable(known)) {
                known = BundledUnikernel.file(options.imagesCacheDir().orElseGet(io.nfvlightvirt.libvirt.image.GuestImages::defaultCacheDir));
                bundledUnikernel = known;
            }
            builtin = Optional.of(known);
        }
        return GuestPlan.of(spec, images, builtin, BuildProgress.to(LOG));
    }

    @Override
    public String imageDescription(String id) {
        ensureOpen();
        return prepared(id).md().property(P_IMAGE).orElse("unknown image");
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
        ReentrantLock lock = ownerLock();
        lock.lock();
        try {
            network.removeBridgeIfUnused(owner);
        } catch (LightVirtException e) {
            LOG.warn("could not remove the bridge of owner '{}': {}", owner, e.getMessage());
        } finally {
            lock.unlock();
            conn.close();
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    /** An instance's domain XML as prepared by create, and the metadata in it. */
    private record Prepared(String xml, DomainMetadata md) {}

    private ReentrantLock ownerLock() {
        return OWNER_LOCKS.computeIfAbsent(conn.uri() + " " + owner, k -> new ReentrantLock());
    }

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

    private OperationFailedException notRunning(String id, String what) {
        return new OperationFailedException("cannot " + what + " instance '" + id + "': it is not running");
    }

    /** The instance as create() prepared it, from memory or its directory; NotFound when it is not this owner's. */
    private Prepared prepared(String id) {
        Prepared p = known.get(id);
        if (p != null && Files.exists(dirs.dirOf(id))) {
            return p;
        }
        if (instanceNameOf(id).isEmpty()) {
            throw notFound(id);
        }
        try {
            String xml = Files.readString(dirs.dirOf(id).resolve(DOMAIN_XML));
            DomainMetadata md = DomainMetadata.parse(xml).filter(m -> m.owner().equals(owner)).orElseThrow(() -> notFound(id));
            return new Prepared(xml, md);
        } catch (IOException e) {
            known.remove(id);
            throw notFound(id);
        }
    }

    private Optional<DomainMetadata> localMetadata(String id) {
        try {
            return DomainMetadata.parse(Files.readString(dirs.dirOf(id).resolve(DOMAIN_XML))).filter(m -> m.owner().equals(owner));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
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

    /**
     * @return the running (or paused) domain of this instance: a domain of that name that carries
     *     this owner's metadata
     */
    private Optional<Domain> running(String id, DomainMetadata md) {
        Domain dom = lookup(id);
        if (dom == null) {
            return Optional.empty();
        }
        return metadata(dom).filter(m -> m.owner().equals(owner) && m.instance().equals(md.instance())).map(m -> dom);
    }

    private boolean everStarted(String id) {
        return Files.exists(dirs.dirOf(id).resolve(STARTED_MARKER));
    }

    private VnfState state(String id, DomainMetadata md) {
        Optional<Domain> dom = running(id, md);
        if (dom.isEmpty()) {
            return everStarted(id) ? VnfState.STOPPED : VnfState.CREATED;
        }
        try {
            return DomainStates.toVnfState(dom.get().getInfo().state, true);
        } catch (LibvirtException e) {
            if (LibvirtConnection.hasCode(e, Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return everStarted(id) ? VnfState.STOPPED : VnfState.CREATED;
            }
            throw conn.failure(e, "reading state of domain " + id);
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
        } else {
            readStartedMarker(id, t);
        }
        GuestKind kind = GuestKind.valueOf(md.guestKind());
        Optional<String> reason = state == VnfState.FAILED ? Optional.of("crashed") : Optional.empty();
        return new VnfInstance(id, md.instance(), id(), kind, state, reason, md.property(P_IPV4), md.property(P_MAC),
                md.property(P_TAP), md.property(P_ACCEL).orElse("unknown"), t, md.labels());
    }

    private void readStartedMarker(String id, Map<Phase, Instant> t) {
        Path f = dirs.dirOf(id).resolve(STARTED_MARKER);
        if (!Files.exists(f)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(f)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    Instant at = Instant.parse(line.substring(eq + 1).strip());
                    if (line.startsWith(P_T_START_CALLED + "=")) {
                        t.put(Phase.START_CALLED, at);
                    } else if (line.startsWith(P_T_STARTED + "=")) {
                        t.put(Phase.STARTED, at);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("unreadable {}: {}", f, e.toString());
        }
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
