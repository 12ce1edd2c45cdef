package io.nfvlightvirt.probes.bench;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.Capabilities;
import io.nfvlightvirt.Capability;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.NotFoundException;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.UnsupportedCapabilityException;
import io.nfvlightvirt.Usage;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.VnfState;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A backend that keeps instances in a map: for unit tests of the runner's logic only. */
final class InMemoryBackend implements VirtualizationBackend {
    static final Map<String, VnfInstance> INSTANCES = new ConcurrentHashMap<>();
    private final String owner;
    private final boolean failPrepare;
    private final boolean busy;
    private final boolean noCpuTime;
    private final long bornNanos = System.nanoTime();
    private int next;

    InMemoryBackend(String owner) {
        this(owner, false, "idle");
    }

    /**
     * @param owner the owner id
     * @param failPrepare option {@code prepare=fail}
     * @param guest option {@code guest}: {@code busy} (every guest uses a whole CPU, so it never
     *     settles), {@code nocpu} (no CPU time reported, as a stats source without it), else idle
     */
    InMemoryBackend(String owner, boolean failPrepare, String guest) {
        this.owner = owner;
        this.failPrepare = failPrepare;
        this.busy = "busy".equals(guest);
        this.noCpuTime = "nocpu".equals(guest);
    }

    /** Option {@code prepare=fail}: prepare throws, as a backend whose image cannot be built. */
    @Override
    public String prepare(VnfSpec spec) {
        if (failPrepare) {
            throw new io.nfvlightvirt.BackendUnavailableException("cannot build the image: no kernel source");
        }
        return VirtualizationBackend.super.prepare(spec);
    }

    static BackendProvider provider() {
        return new BackendProvider() {
            @Override
            public String id() {
                return "mem";
            }

            @Override
            public int priority() {
                return 1;
            }

            @Override
            public Availability probe(BackendConfig config) {
                return Availability.usable("in-memory engine 1.0");
            }

            @Override
            public VirtualizationBackend open(BackendConfig config) {
                return new InMemoryBackend(config.owner(), "fail".equals(config.options().get("prepare")),
                        config.options().getOrDefault("guest", "idle"));
            }
        };
    }

    @Override
    public String id() {
        return "mem";
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(EnumSet.of(GuestKind.CONTAINER, GuestKind.UNIKERNEL),
                EnumSet.of(Capability.LIVE_STATS, Capability.IMAGE_SIZE));
    }

    @Override
    public synchronized VnfInstance create(VnfSpec spec) {
        String id = owner + "/" + (next++);
        Instant now = Instant.now();
        VnfInstance i = new VnfInstance(id, spec.name(), id(), spec.guestKind(), VnfState.CREATED, Optional.empty(),
                Optional.of("10.0.0." + (next + 1)), Optional.of("52:54:00:00:00:01"), Optional.of("mem0"), "none",
                Map.of(Phase.CREATE_CALLED, now, Phase.IMAGE_READY, now, Phase.CREATED, now), Map.of());
        INSTANCES.put(id, i);
        return i;
    }

    private VnfInstance get(String id) {
        VnfInstance i = id.startsWith(owner + "/") ? INSTANCES.get(id) : null;
        if (i == null) {
            throw new NotFoundException("no instance " + id);
        }
        return i;
    }

    @Override
    public VnfInstance start(String id) {
        VnfInstance i = get(id).withState(VnfState.RUNNING, null).withPhase(Phase.STARTED, Instant.now());
        INSTANCES.put(id, i);
        return i;
    }

    @Override
    public VnfInstance stop(String id) {
        return get(id);
    }

    @Override
    public VnfInstance pause(String id) {
        throw new UnsupportedCapabilityException(id(), "pause");
    }

    @Override
    public VnfInstance resume(String id) {
        throw new UnsupportedCapabilityException(id(), "pause");
    }

    @Override
    public void destroy(String id) {
        if (id.startsWith(owner + "/")) {
            INSTANCES.remove(id);
        }
    }

    @Override
    public VnfInstance inspect(String id) {
        return get(id);
    }

    @Override
    public List<VnfInstance> list() {
        return new ArrayList<>(INSTANCES.values().stream().filter(i -> i.id().startsWith(owner + "/")).toList());
    }

    @Override
    public Usage usage(String id) {
        get(id);
        Duration cpu = busy ? Duration.ofNanos(System.nanoTime() - bornNanos) : noCpuTime ? Duration.ZERO : Duration.ofMillis(5);
        return new Usage(3_800_000, cpu, Instant.now(), "test");
    }

    @Override
    public long imageSizeBytes(String id) {
        get(id);
        return 10_000_000;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException(type.getName());
    }

    @Override
    public void close() {}
}
