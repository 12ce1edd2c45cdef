package io.nfvlightvirt.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.InvocationBuilder;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.Capabilities;
import io.nfvlightvirt.Capability;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.LightVirtException;
import io.nfvlightvirt.OperationFailedException;
import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.UnsupportedCapabilityException;
import io.nfvlightvirt.Usage;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.VnfState;
import io.nfvlightvirt.docker.EngineConnector.EngineFacts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code docker} backend: each VNF instance is a container on the owner's bridge network
 * ({@link OwnerNetwork}) with a fixed address and MAC, CPU and memory limits, and the
 * {@link Ownership} labels. See {@link DockerBackendProvider} for the options.
 */
final class DockerBackend implements VirtualizationBackend {
    /** Smallest memory limit the engine accepts. */
    static final long MIN_MEMORY_BYTES = 6L << 20;
    /** Label holding when {@code create} was called. */
    static final String LABEL_CREATE_CALLED = Ownership.PREFIX + "phase.create-called";
    /** Label holding when the image was ready. */
    static final String LABEL_IMAGE_READY = Ownership.PREFIX + "phase.image-ready";
    /** Label listing the keys of the spec's user labels (the image may add labels of its own). */
    static final String LABEL_USER_KEYS = Ownership.PREFIX + "user-label-keys";
    /** Label on the throw-away container that checks a runtime works. */
    static final String LABEL_PROBE = Ownership.PREFIX + "probe";
    /** Name prefix of every container and network the backend creates. */
    static final String PREFIX = "nfvlv-";

    private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);
    private static final String RUNSC = "runsc";
    private static final Capabilities CAPABILITIES = new Capabilities(EnumSet.of(GuestKind.CONTAINER),
            EnumSet.of(Capability.PAUSE, Capability.LIVE_STATS, Capability.MEMORY_LIMIT, Capability.CPU_LIMIT,
                    Capability.FIXED_ADDRESS, Capability.IMAGE_SIZE));

    private final DockerSettings settings;
    private final DockerClient client;
    private final EngineErrors errors;
    private volatile EngineFacts facts;
    private final OwnerNetwork network;
    private final BuiltinImage builtin;
    private final CgroupUsage cgroups;
    private final Map<String, Map<Phase, Instant>> timelines = new ConcurrentHashMap<>();
    private final Set<String> stoppedHere = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object runscLock = new Object();
    private Optional<String> runscProblem;

    DockerBackend(DockerSettings settings, DockerClient client, EngineFacts facts) {
        this.settings = settings;
        this.client = client;
        this.facts = facts;
        this.errors = new EngineErrors(settings.describeEngine());
        this.network = new OwnerNetwork(client, errors, settings);
        this.builtin = new BuiltinImage(client, errors, settings);
        this.cgroups = settings.localSocket() ? CgroupUsage.ofThisHost() : new CgroupUsage(java.nio.file.Path.of("/proc"), "");
    }

    @Override
    public String id() {
        return DockerBackendProvider.ID;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    // ---------------------------------------------------------------- create

    @Override
    public VnfInstance create(VnfSpec spec) {
        ensureOpen();
        Instant createCalled = Instant.now();
        SpecOptions options = validate(spec);
        double cpus = cpuLimit(spec);
        String runtime = checkRuntime(options.runtime());

        List<Container> mine = listOwnContainers();
        for (Container c : mine) {
            if (spec.name().equals(label(c.getLabels(), Ownership.INSTANCE))) {
                throw new InvalidSpecException("name", spec.name(), "an instance with this name already exists for owner "
                        + settings.owner() + " (id " + c.getId() + "); destroy it or choose another name");
            }
        }
        network.checkAddress(spec.network().ipv4(), usedAddresses(mine));
        String userImage = null;
        if (spec.image() instanceof ImageRef.ContainerImage ci) {
            userImage = ci.reference();
            requireImageOnEngine(userImage);
        }
        if (RUNSC.equals(runtime)) {
            requireRunscWorks();
        }
        String image = userImage != null ? userImage : builtin.ensure().reference();
        Instant imageReady = Instant.now();

        String containerId = null;
        for (int attempt = 1; containerId == null; attempt++) {
            OwnerNetwork.Allocation allocation = network.allocate(spec.network().ipv4(), usedAddresses(mine));
            try {
                containerId = createContainer(spec, options, runtime, cpus, image, allocation, createCalled, imageReady);
                Instant created = Instant.now();
                network.assign(allocation, containerId);
                Map<Phase, Instant> t = new EnumMap<>(Phase.class);
                t.put(Phase.CREATE_CALLED, createCalled);
                t.put(Phase.IMAGE_READY, imageReady);
                t.put(Phase.CREATED, created);
                timelines.put(containerId, t);
                String mac = spec.network().mac().orElseGet(() -> Ipv4Subnet.macFor(allocation.ipv4()));
                return new VnfInstance(containerId, spec.name(), id(), GuestKind.CONTAINER, VnfState.CREATED, Optional.empty(),
                        Optional.of(allocation.ipv4()), Optional.of(mac), Optional.of(allocation.network().bridge()),
                        runtime, t, spec.labels());
            } catch (NotFoundException e) {
                String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                if (attempt < 3 && msg.contains("network")) {
                    LOG.debug("network {} vanished while creating {}; recreating it", network.name(), spec.name());
                    network.forget();
                } else if (attempt < 3 && userImage == null && msg.contains("image")) {
                    LOG.debug("built-in image vanished while creating {}; rebuilding it", spec.name());
                    builtin.forget();
                    image = builtin.ensure().reference();
                } else {
                    throw cleanUpAfterFailedCreate(errors.translate("create container for instance " + spec.name(), e));
                }
            } catch (ConflictException e) {
                String msg = String.valueOf(e.getMessage());
                if (msg.contains("is already in use by container")) {
                    throw cleanUpAfterFailedCreate(new InvalidSpecException("name", spec.name(), "a container named "
                            + containerName(spec.name()) + " already exists on the engine; destroy that instance or choose another name", e));
                }
                throw cleanUpAfterFailedCreate(errors.translate("create container for instance " + spec.name(), e));
            } catch (RuntimeException e) {
                throw cleanUpAfterFailedCreate(errors.translate("create container for instance " + spec.name(), e));
            } finally {
                network.release(allocation);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private LightVirtException cleanUpAfterFailedCreate(LightVirtException e) {
        if (!(e instanceof BackendUnavailableException)) {
            try {
                network.removeIfUnused(this::listOwnContainerIds);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
        }
        return e;
    }

    private String createContainer(VnfSpec spec, SpecOptions options, String runtime, double cpus, String image,
            OwnerNetwork.Allocation allocation, Instant createCalled, Instant imageReady) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Ownership.MANAGED, "true");
        labels.put(Ownership.OWNER, settings.owner());
        labels.put(Ownership.INSTANCE, spec.name());
        labels.put(Ownership.GUEST_KIND, spec.guestKind().name());
        labels.put(LABEL_CREATE_CALLED, createCalled.toString());
        labels.put(LABEL_IMAGE_READY, imageReady.toString());
        labels.put(LABEL_USER_KEYS, String.join(",", new TreeSet<>(spec.labels().keySet())));
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(network.name())
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs(Math.round(cpus * 1e9));
        spec.limits().pids().ifPresent(host::withPidsLimit);
        if (options.runtime().isPresent()) {
            host.withRuntime(runtime);
        }
        String mac = spec.network().mac().orElseGet(() -> Ipv4Subnet.macFor(allocation.ipv4()));
        CreateContainerCmd cmd = client.createContainerCmd(image)
                .withName(containerName(spec.name()))
                .withHostName(spec.name())
                .withLabels(labels)
                .withMacAddress(mac)
                .withIpv4Address(allocation.ipv4())
                .withStopTimeout((int) settings.stopTimeout().toSeconds())
                .withHostConfig(host);
        options.command().ifPresent(c -> cmd.withEntrypoint("/bin/sh", "-c").withCmd(c));
        return cmd.exec().getId();
    }

    private String containerName(String instanceName) {
        return PREFIX + settings.owner() + "-" + instanceName;
    }

    private double cpuLimit(VnfSpec spec) {
        int hostCpus = Math.max(1, facts.cpus());
        if (spec.limits().cpus().isPresent()) {
            double c = spec.limits().cpus().getAsDouble();
            if (c > hostCpus) {
                throw new InvalidSpecException("limits.cpus", c, "must be at most the " + hostCpus
                        + " CPUs of the engine's host");
            }
            if (c < 0.01) {
                throw new InvalidSpecException("limits.cpus", c, "must be at least 0.01 CPUs, the engine's minimum");
            }
            return c;
        }
        return Math.min(spec.vcpus(), hostCpus);
    }

    private String checkRuntime(Optional<String> asked) {
        if (asked.isEmpty()) {
            return facts.defaultRuntime();
        }
        String r = asked.get();
        if (!facts.runtimes().contains(r)) {
            refreshFacts();
        }
        if (facts.runtimes().contains(r)) {
            return r;
        }
        if (RUNSC.equals(r)) {
            throw new UnsupportedCapabilityException(id(), "runtime 'runsc' (gVisor): the Docker Engine at "
                    + settings.describeEngine() + " has only the runtimes " + facts.runtimes()
                    + "; install gVisor (apt-get install runsc), register it under \"runtimes\" in /etc/docker/daemon.json"
                    + " and reload dockerd");
        }
        throw new InvalidSpecException("options." + SpecOptions.RUNTIME, r, "unknown runtime; the engine offers "
                + facts.runtimes() + " (runc is the default, runsc is gVisor when installed)");
    }

    private void refreshFacts() {
        try {
            facts = EngineConnector.facts(settings, client, client.versionCmd().exec());
        } catch (RuntimeException e) {
            throw errors.translate("docker info", e);
        }
    }

    /** @return the engine's id of the image ({@code sha256:...}) */
    private String requireImageOnEngine(String reference) {
        try {
            return client.inspectImageCmd(reference).exec().getId();
        } catch (NotFoundException e) {
            throw new InvalidSpecException("image", reference, "is not on the Docker Engine at " + settings.describeEngine()
                    + "; this backend uses no registry and pulls nothing: build, load or import the image first", e);
        } catch (RuntimeException e) {
            throw errors.translate("inspect image " + reference, e);
        }
    }

    private static Map<Long, String> usedAddresses(List<Container> containers) {
        Map<Long, String> used = new HashMap<>();
        for (Container c : containers) {
            if (c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null) {
                continue;
            }
            for (ContainerNetwork n : c.getNetworkSettings().getNetworks().values()) {
                String owner = label(c.getLabels(), Ownership.INSTANCE);
                for (String ip : List.of(nullToEmpty(n.getIpAddress()),
                        n.getIpamConfig() == null ? "" : nullToEmpty(n.getIpamConfig().getIpv4Address()))) {
                    long a = Ipv4Subnet.address(ip);
                    if (a >= 0) {
                        used.put(a, owner == null ? c.getId() : owner);
                    }
                }
            }
        }
        return used;
    }

    // ---------------------------------------------------------------- runsc

    private void requireRunscWorks() {
        Optional<String> problem;
        synchronized (runscLock) {
            if (runscProblem == null) {
                runscProblem = probeRuntime(RUNSC);
            }
            problem = runscProblem;
        }
        if (problem.isPresent()) {
            throw new UnsupportedCapabilityException(id(), "runtime 'runsc' (gVisor): it is registered on the engine but a probe "
                    + "container on this backend's bridge network did not come up: " + problem.get());
        }
    }

    /**
     * Starts a throw-away container of the built-in image under the runtime on the owner's network
     * and checks that it runs and (when the network's bridge is visible from here, i.e. the engine
     * is local and in this network namespace) answers TCP on port 5201. Always removed.
     */
    private Optional<String> probeRuntime(String runtime) {
        String image = builtin.ensure().reference();
        OwnerNetwork.Allocation allocation = network.allocate(Optional.empty(), usedAddresses(listOwnContainers()));
        String cid = null;
        try {
            try {
                cid = client.createContainerCmd(image)
                        .withName(PREFIX + settings.owner() + "-probe-" + runtime + "-" + UUID.randomUUID().toString().substring(0, 8))
                        .withLabels(Map.of(Ownership.MANAGED, "true", Ownership.OWNER, settings.owner(), LABEL_PROBE, runtime))
                        .withIpv4Address(allocation.ipv4())
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network.name()).withRuntime(runtime)
                                .withMemory(64L << 20))
                        .exec().getId();
            } finally {
                network.release(allocation);
            }
            client.startContainerCmd(cid).exec();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                InspectContainerResponse c = client.inspectContainerCmd(cid).exec();
                if (!Boolean.TRUE.equals(c.getState().getRunning())) {
                    return Optional.of("the probe container " + c.getState().getStatus() + " with exit code "
                            + c.getState().getExitCodeLong() + (c.getState().getError() == null ? "" : ": " + c.getState().getError()));
                }
                boolean bridgeHere = settings.localSocket()
                        && java.nio.file.Files.isDirectory(java.nio.file.Path.of("/sys/class/net", allocation.network().bridge()));
                if (!bridgeHere || answersTcp(allocation.ipv4(), 5201)) {
                    return Optional.empty();
                }
                pause(100);
            }
            return Optional.of("the probe container runs but did not answer TCP on " + allocation.ipv4() + ":5201 within 10 s");
        } catch (RuntimeException e) {
            LightVirtException t = errors.translate("probe of runtime " + runtime, e);
            if (t instanceof BackendUnavailableException) {
                throw t;
            }
            return Optional.of(t.getMessage());
        } finally {
            if (cid != null) {
                try {
                    client.removeContainerCmd(cid).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException e) {
                    LOG.warn("could not remove runtime probe container {}: {}", cid, e.toString());
                }
            }
            try {
                network.removeIfUnused(this::listOwnContainerIds);
            } catch (RuntimeException e) {
                LOG.debug("network clean-up after the runtime probe failed: {}", e.toString());
            }
        }
    }

    private static boolean answersTcp(String ip, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted", e);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public VnfInstance start(String id) {
        ensureOpen();
        Instant startCalled = Instant.now();
        // An instance this backend created is known to be ours: no inspect is needed before starting it.
        String containerId = timelines.containsKey(id) ? id : owned(id).getId();
        try {
            client.startContainerCmd(containerId).exec();
        } catch (NotModifiedException e) {
            // already running
        } catch (NotFoundException e) {
            throw notFound(id);
        } catch (RuntimeException e) {
            throw errors.translate("start of instance " + describe(id), e);
        }
        Instant started = Instant.now();
        stoppedHere.remove(containerId);
        Map<Phase, Instant> t = timelines.computeIfAbsent(containerId, k -> new EnumMap<>(Phase.class));
        synchronized (t) {
            t.put(Phase.START_CALLED, startCalled);
            t.put(Phase.STARTED, started);
        }
        return view(owned(containerId));
    }

    private String describe(String id) {
        try {
            return describe(client.inspectContainerCmd(id).exec());
        } catch (RuntimeException e) {
            return id;
        }
    }

    @Override
    public VnfInstance stop(String id) {
        ensureOpen();
        InspectContainerResponse c = owned(id);
        stoppedHere.add(c.getId());
        if (Boolean.TRUE.equals(c.getState().getPaused())) {
            // A frozen guest cannot handle SIGTERM; thaw it so that stop does not wait out the timeout.
            call("resume before stop of instance " + describe(c), () -> client.unpauseContainerCmd(c.getId()).exec());
        }
        try {
            client.stopContainerCmd(c.getId()).withTimeout((int) settings.stopTimeout().toSeconds()).exec();
        } catch (NotModifiedException e) {
            // already stopped
        } catch (RuntimeException e) {
            throw errors.translate("stop of instance " + describe(c), e);
        }
        cgroups.forget(c.getId());
        return view(owned(c.getId()));
    }

    @Override
    public VnfInstance pause(String id) {
        ensureOpen();
        InspectContainerResponse c = owned(id);
        call("pause of instance " + describe(c), () -> client.pauseContainerCmd(c.getId()).exec());
        return view(owned(c.getId()));
    }

    @Override
    public VnfInstance resume(String id) {
        ensureOpen();
        InspectContainerResponse c = owned(id);
        call("resume of instance " + describe(c), () -> client.unpauseContainerCmd(c.getId()).exec());
        return view(owned(c.getId()));
    }

    @Override
    public void destroy(String id) {
        ensureOpen();
        InspectContainerResponse c;
        try {
            c = owned(id);
        } catch (io.nfvlightvirt.NotFoundException e) {
            return;
        }
        try {
            client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone meanwhile
        } catch (RuntimeException e) {
            throw errors.translate("removal of instance " + describe(c), e);
        }
        timelines.remove(c.getId());
        stoppedHere.remove(c.getId());
        cgroups.forget(c.getId());
        network.unassign(c.getId());
        network.removeIfUnused(this::listOwnContainerIds);
    }

    // ---------------------------------------------------------------- queries

    @Override
    public VnfInstance inspect(String id) {
        ensureOpen();
        return view(owned(id));
    }

    @Override
    public List<VnfInstance> list() {
        ensureOpen();
        List<VnfInstance> out = new ArrayList<>();
        for (Container c : listOwnContainers()) {
            if (label(c.getLabels(), Ownership.INSTANCE) == null) {
                continue;
            }
            try {
                out.add(view(client.inspectContainerCmd(c.getId()).exec()));
            } catch (NotFoundException e) {
                // removed meanwhile
            } catch (RuntimeException e) {
                throw errors.translate("inspect container " + c.getId(), e);
            }
        }
        return out;
    }

    @Override
    public Usage usage(String id) {
        ensureOpen();
        Optional<Usage> fast = cgroups.read(id, -1);
        if (fast.isPresent()) {
            return fast.get();
        }
        InspectContainerResponse c = owned(id);
        InspectContainerResponse.ContainerState st = c.getState();
        if (!Boolean.TRUE.equals(st.getRunning())) {
            throw new OperationFailedException("usage of instance " + describe(c) + ": it is " + view(c).state()
                    + "; usage is read from a running or paused instance only");
        }
        Long pid = st.getPidLong();
        if (pid != null && pid > 0) {
            Optional<Usage> u = cgroups.read(c.getId(), pid);
            if (u.isPresent()) {
                return u.get();
            }
        }
        return statsUsage(c);
    }

    private Usage statsUsage(InspectContainerResponse c) {
        Statistics s;
        try (InvocationBuilder.AsyncResultCallback<Statistics> cb = new InvocationBuilder.AsyncResultCallback<>()) {
            client.statsCmd(c.getId()).withNoStream(true).exec(cb);
            s = cb.awaitResult();
        } catch (IOException e) {
            throw new OperationFailedException("stats of instance " + describe(c), e);
        } catch (RuntimeException e) {
            throw errors.translate("stats of instance " + describe(c), e);
        }
        if (s == null || s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null) {
            throw new OperationFailedException("the engine returned no memory figures for instance " + describe(c));
        }
        long usage = s.getMemoryStats().getUsage();
        long inactive = 0;
        if (s.getMemoryStats().getStats() != null) {
            Long v1 = s.getMemoryStats().getStats().getTotalInactiveFile();
            Long v2 = s.getMemoryStats().getStats().getInactiveFile();
            inactive = v1 != null ? v1 : v2 != null ? v2 : 0;
        }
        long cpu = s.getCpuStats() == null || s.getCpuStats().getCpuUsage() == null
                || s.getCpuStats().getCpuUsage().getTotalUsage() == null ? 0 : s.getCpuStats().getCpuUsage().getTotalUsage();
        return new Usage(Math.max(0, usage - inactive), Duration.ofNanos(cpu), Instant.now(), "docker-stats");
    }

    @Override
    public long imageSizeBytes(String id) {
        ensureOpen();
        InspectContainerResponse c = owned(id);
        try {
            Long size = client.inspectImageCmd(c.getImageId()).exec().getSize();
            if (size == null) {
                throw new OperationFailedException("the engine reports no size for image " + c.getImageId());
            }
            return size;
        } catch (NotFoundException e) {
            throw new OperationFailedException("image " + c.getImageId() + " of instance " + describe(c) + " is gone", e);
        } catch (RuntimeException e) {
            throw errors.translate("inspect image " + c.getImageId(), e);
        }
    }

    /** The checks create and prepare share: guest kind, spec options, memory floor. */
    private SpecOptions validate(VnfSpec spec) {
        if (spec.guestKind() != GuestKind.CONTAINER) {
            throw new UnsupportedCapabilityException(id(), "guest kind " + spec.guestKind() + " (it runs CONTAINER guests only)");
        }
        SpecOptions options = SpecOptions.parse(spec.options());
        if (spec.memoryBytes() < MIN_MEMORY_BYTES) {
            throw new InvalidSpecException("memoryBytes", spec.memoryBytes(),
                    "the docker backend needs at least 6 MiB (" + MIN_MEMORY_BYTES + "), the engine's minimum memory limit");
        }
        return options;
    }

    @Override
    public String prepare(VnfSpec spec) {
        ensureOpen();
        java.util.Objects.requireNonNull(spec, "spec");
        checkRuntime(validate(spec).runtime());
        // described with the engine's image id, as a container created from it reports it (imageDescription)
        String reference = spec.image() instanceof ImageRef.ContainerImage ci ? ci.reference() : builtin.ensure().reference();
        return reference + " (" + requireImageOnEngine(reference) + ")";
    }

    @Override
    public String imageDescription(String id) {
        ensureOpen();
        InspectContainerResponse c = owned(id);
        return c.getConfig().getImage() + " (" + c.getImageId() + ")";
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(client)) {
            return type.cast(client);
        }
        throw new IllegalArgumentException("the docker backend has no " + type.getName()
                + "; it unwraps to " + DockerClient.class.getName());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!settings.keepImage()) {
            builtin.removeUnused();
        }
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the docker client: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- helpers

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the docker backend (owner " + settings.owner() + ") is closed");
        }
    }

    private void call(String what, Runnable op) {
        call(what, () -> {
            op.run();
            return null;
        });
    }

    private <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            throw errors.translate(what, e);
        }
    }

    private List<Container> listOwnContainers() {
        return call("list containers of owner " + settings.owner(), () -> client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(Ownership.MANAGED, "true", Ownership.OWNER, settings.owner()))
                .exec());
    }

    private List<String> listOwnContainerIds() {
        return listOwnContainers().stream().map(Container::getId).toList();
    }

    /** Inspects a container and checks it is one of this owner's instances. */
    private InspectContainerResponse owned(String id) {
        if (id == null || id.isBlank() || !id.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw notFound(id);
        }
        InspectContainerResponse c;
        try {
            c = client.inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            throw notFound(id);
        } catch (RuntimeException e) {
            throw errors.translate("inspect instance " + id, e);
        }
        Map<String, String> labels = c.getConfig() == null ? null : c.getConfig().getLabels();
        if (!"true".equals(label(labels, Ownership.MANAGED)) || !settings.owner().equals(label(labels, Ownership.OWNER))
                || label(labels, Ownership.INSTANCE) == null) {
            throw notFound(id);
        }
        return c;
    }

    private io.nfvlightvirt.NotFoundException notFound(String id) {
        return new io.nfvlightvirt.NotFoundException("no instance '" + id + "' of owner " + settings.owner()
                + " on backend docker (" + settings.describeEngine() + ")");
    }

    private static String describe(InspectContainerResponse c) {
        String name = label(c.getConfig() == null ? null : c.getConfig().getLabels(), Ownership.INSTANCE);
        return (name == null ? "?" : name) + " (" + c.getId().substring(0, Math.min(12, c.getId().length())) + ")";
    }

    private static String label(Map<String, String> labels, String key) {
        return labels == null ? null : labels.get(key);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Builds the instance value from the engine's view of the container. */
    private VnfInstance view(InspectContainerResponse c) {
        Map<String, String> labels = c.getConfig().getLabels();
        InspectContainerResponse.ContainerState st = c.getState();
        ContainerStates.Mapped m = ContainerStates.map(st.getStatus(), Boolean.TRUE.equals(st.getPaused()),
                Boolean.TRUE.equals(st.getOOMKilled()), st.getExitCodeLong() == null ? 0 : st.getExitCodeLong(),
                st.getError(), stoppedHere.contains(c.getId()));
        Optional<String> ipv4 = Optional.empty();
        Optional<String> mac = Optional.ofNullable(c.getConfig().getMacAddress()).filter(s -> !s.isBlank());
        Optional<String> link = Optional.empty();
        Map<String, ContainerNetwork> nets = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getNetworks();
        ContainerNetwork n = nets == null ? null : nets.get(network.name());
        if (n != null) {
            ipv4 = Optional.ofNullable(n.getIpAddress()).filter(s -> !s.isBlank());
            if (ipv4.isEmpty() && n.getIpamConfig() != null) {
                ipv4 = Optional.ofNullable(n.getIpamConfig().getIpv4Address()).filter(s -> !s.isBlank());
            }
            if (n.getMacAddress() != null && !n.getMacAddress().isBlank()) {
                mac = Optional.of(n.getMacAddress());
            }
            link = network.linkName(network.name());
        }
        String runtime = c.getHostConfig() == null || c.getHostConfig().getRuntime() == null
                || c.getHostConfig().getRuntime().isBlank() ? facts.defaultRuntime() : c.getHostConfig().getRuntime();
        return new VnfInstance(c.getId(), label(labels, Ownership.INSTANCE), id(), GuestKind.CONTAINER, m.state(),
                Optional.ofNullable(m.reason()), ipv4, mac, link, runtime, timeline(c, labels), userLabels(labels));
    }

    private Map<Phase, Instant> timeline(InspectContainerResponse c, Map<String, String> labels) {
        Map<Phase, Instant> t = new EnumMap<>(Phase.class);
        parseInstant(label(labels, LABEL_CREATE_CALLED)).ifPresent(i -> t.put(Phase.CREATE_CALLED, i));
        parseInstant(label(labels, LABEL_IMAGE_READY)).ifPresent(i -> t.put(Phase.IMAGE_READY, i));
        parseInstant(c.getCreated()).ifPresent(i -> t.put(Phase.CREATED, i));
        if (c.getState() != null) {
            parseInstant(c.getState().getStartedAt()).ifPresent(i -> t.put(Phase.STARTED, i));
        }
        Map<Phase, Instant> local = timelines.get(c.getId());
        if (local != null) {
            synchronized (local) {
                t.putAll(local);
            }
        }
        return t;
    }

    private static Optional<Instant> parseInstant(String s) {
        if (s == null || s.isBlank() || s.startsWith("0001-01-01")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> userLabels(Map<String, String> labels) {
        String keys = label(labels, LABEL_USER_KEYS);
        if (keys == null || keys.isBlank()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : Arrays.asList(keys.split(","))) {
            String v = labels.get(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }
}
