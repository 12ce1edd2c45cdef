package io.nfvlightvirt.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.Capability;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.NotFoundException;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.UnsupportedCapabilityException;
import io.nfvlightvirt.Usage;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.VnfState;
import io.nfvlightvirt.spi.BackendProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The compatibility kit every backend module extends in an {@code *IT} class and passes against
 * its real engine. Subclasses say how to reach the engine, which spec their backend runs quickly,
 * and how to see on the engine what an instance left behind; the kit checks the portable
 * contract of {@link VirtualizationBackend}.
 *
 * <p>Each test class gets its own owner id, so that instances of a test never mix with other
 * work on the same engine; {@link #cleanUp()} destroys whatever this owner still has, also when a
 * test failed.
 */
public abstract class BackendCompatibilityKit {

    /** The backend under test, opened before each test with {@link #config()}. */
    protected VirtualizationBackend backend;

    private final String owner = "tck-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<VirtualizationBackend> opened = new ArrayList<>();
    private String testName = "t";

    /** @return the provider under test, as the module ships it */
    protected abstract BackendProvider provider();

    /**
     * A spec the backend can create and start quickly on this host, with the given name.
     *
     * @param name a name unique to the calling test
     * @return a builder, so tests can vary it
     */
    protected abstract VnfSpec.Builder runnableSpec(String name);

    /**
     * Describes what exists on the engine for this instance (containers, domains, networks, taps,
     * files), one string each, by asking the engine or host directly, not through the backend.
     *
     * @param instance the instance
     * @return the engine objects that belong to it; empty once it is destroyed
     */
    protected abstract Set<String> engineObjectsOf(VnfInstance instance);

    /**
     * Specs that this backend must reject before touching the engine. The kit adds none of its
     * own, since the portable checks happen when a {@link VnfSpec} is built.
     *
     * @param name a name unique to the calling test
     * @return invalid specs
     */
    protected abstract List<VnfSpec> invalidSpecs(String name);

    /** @return the configuration to open with; by default the engine's default and this class's owner */
    protected BackendConfig config() {
        return BackendConfig.defaults().withOwner(owner);
    }

    /** @return this test class's owner id */
    protected final String owner() {
        return owner;
    }

    /** @return the longest a guest may take to reach RUNNING in {@link #awaitState} */
    protected Duration startTimeout() {
        return Duration.ofSeconds(60);
    }

    /**
     * @param info the test about to run
     */
    @BeforeEach
    void openBackend(TestInfo info) {
        EngineRequirement.require(provider(), config());
        testName = info.getTestMethod().map(m -> m.getName()).orElse("t");
        backend = openTracked(config());
    }

    /** Destroys every instance this owner has left, and closes what was opened. */
    @AfterEach
    protected void cleanUp() {
        if (backend == null) {
            return;
        }
        RuntimeException first = null;
        try (VirtualizationBackend sweeper = provider().open(config())) {
            for (VnfInstance i : sweeper.list()) {
                try {
                    sweeper.destroy(i.id());
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            assertThat(sweeper.list()).as("instances of owner %s left after cleanup", owner).isEmpty();
        }
        for (VirtualizationBackend b : opened) {
            b.close();
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }

    /**
     * @param cfg configuration
     * @return an open backend closed after the test
     */
    protected final VirtualizationBackend openTracked(BackendConfig cfg) {
        VirtualizationBackend b = provider().open(cfg);
        opened.add(b);
        return b;
    }

    /**
     * @param suffix distinguishes several instances of one test
     * @return a valid instance name derived from the test's name
     */
    protected final String name(String suffix) {
        String base = testName.replaceAll("([A-Z])", "-$1").toLowerCase().replaceAll("[^a-z0-9-]", "");
        String n = "tck-" + base.substring(0, Math.min(base.length(), 28)) + "-" + suffix;
        return n.replaceAll("-+", "-");
    }

    /**
     * Polls until the condition holds; fails saying what was awaited.
     *
     * @param what what is awaited, for the failure message
     * @param timeout how long to wait
     * @param condition the condition
     */
    protected static void await(String what, Duration timeout, BooleanSupplier condition) {
        io.nfvlightvirt.testkit.Polling.await(what, timeout, condition);
    }

    /**
     * @param id instance id
     * @param state state to reach
     */
    protected void awaitState(String id, VnfState state) {
        await("instance " + id + " to be " + state, startTimeout(), () -> backend.inspect(id).state() == state);
    }

    @Test
    void providerProbeExplainsItselfAndBackendReportsItsId() {
        assertThat(provider().probe(config()).reason()).isNotBlank();
        assertThat(backend.id()).isEqualTo(provider().id());
        assertThat(backend.capabilities().guestKinds()).isNotEmpty();
    }

    @Test
    void fullLifecycleCreateStartStopDestroy() {
        VnfSpec spec = runnableSpec(name("a")).build();
        VnfInstance created = backend.create(spec);
        assertThat(created.state()).isEqualTo(VnfState.CREATED);
        assertThat(created.name()).isEqualTo(spec.name());
        assertThat(created.backendId()).isEqualTo(backend.id());
        assertThat(created.guestKind()).isEqualTo(spec.guestKind());
        assertThat(created.accelerator()).isNotBlank();
        assertThat(created.at(Phase.CREATE_CALLED)).isPresent();
        assertThat(created.at(Phase.CREATED)).isPresent();

        VnfInstance started = backend.start(created.id());
        assertThat(started.state()).isEqualTo(VnfState.RUNNING);
        assertThat(started.at(Phase.STARTED)).isPresent();
        assertThat(started.between(Phase.CREATE_CALLED, Phase.STARTED)).get()
                .matches(d -> !d.isNegative(), "not negative");
        assertThat(backend.inspect(created.id()).state()).isEqualTo(VnfState.RUNNING);

        VnfInstance stopped = backend.stop(created.id());
        assertThat(stopped.state()).isIn(VnfState.STOPPED);

        backend.destroy(created.id());
        assertThatThrownBy(() -> backend.inspect(created.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void runCreatesAndStartsWithEveryPhaseRecorded() {
        VnfInstance running = backend.run(runnableSpec(name("a")).build());
        assertThat(running.state()).isEqualTo(VnfState.RUNNING);
        assertThat(running.timeline()).containsKeys(Phase.CREATE_CALLED, Phase.IMAGE_READY, Phase.CREATED,
                Phase.START_CALLED, Phase.STARTED);
        assertThat(running.ipv4()).as("a running guest has an address the probes can use").isPresent();
        assertThat(running.linkName()).as("a running guest names the host link its traffic crosses").isPresent();
    }

    @Test
    void pauseAndResumeWhenSupportedOrFailWithUnsupportedCapability() {
        VnfInstance running = backend.run(runnableSpec(name("a")).build());
        if (backend.capabilities().supports(Capability.PAUSE)) {
            assertThat(backend.pause(running.id()).state()).isEqualTo(VnfState.PAUSED);
            assertThat(backend.inspect(running.id()).state()).isEqualTo(VnfState.PAUSED);
            assertThat(backend.resume(running.id()).state()).isEqualTo(VnfState.RUNNING);
        } else {
            assertThatThrownBy(() -> backend.pause(running.id())).isInstanceOf(UnsupportedCapabilityException.class)
                    .hasMessageContaining(backend.id());
        }
    }

    @Test
    void listShowsOnlyInstancesOfThisOwner() {
        VnfInstance mine = backend.create(runnableSpec(name("a")).build());
        BackendConfig other = config().withOwner(owner + "-other");
        VirtualizationBackend stranger = openTracked(other);
        VnfInstance theirs = stranger.create(runnableSpec(name("b")).build());
        try {
            assertThat(backend.list()).extracting(VnfInstance::id).contains(mine.id()).doesNotContain(theirs.id());
            assertThat(stranger.list()).extracting(VnfInstance::id).containsExactly(theirs.id());
            assertThatThrownBy(() -> backend.inspect(theirs.id())).isInstanceOf(NotFoundException.class);
            backend.destroy(theirs.id());
            assertThat(stranger.inspect(theirs.id()).id())
                    .as("destroy through another owner must not touch the instance").isEqualTo(theirs.id());
        } finally {
            stranger.destroy(theirs.id());
        }
    }

    @Test
    void invalidSpecsAreRejectedBeforeTheEngineIsTouched() {
        List<VnfInstance> before = backend.list();
        for (VnfSpec bad : invalidSpecs(name("bad"))) {
            assertThatThrownBy(() -> backend.create(bad)).as("create(%s)", bad)
                    .isInstanceOf(InvalidSpecException.class)
                    .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isNotBlank());
        }
        assertThat(backend.list()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void duplicateNameIsRejected() {
        VnfSpec spec = runnableSpec(name("a")).build();
        backend.create(spec);
        assertThatThrownBy(() -> backend.create(spec)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining(spec.name());
    }

    @Test
    void destroyTwiceIsHarmless() {
        VnfInstance i = backend.run(runnableSpec(name("a")).build());
        backend.destroy(i.id());
        assertThatCode(() -> backend.destroy(i.id())).doesNotThrowAnyException();
    }

    @Test
    void destroyRemovesEverythingTheInstanceCreated() {
        VnfInstance i = backend.run(runnableSpec(name("a")).build());
        Set<String> objects = engineObjectsOf(i);
        assertThat(objects).as("engine objects of a running instance").isNotEmpty();
        backend.destroy(i.id());
        assertThat(engineObjectsOf(i)).as("left on the engine after destroy (were %s)", objects).isEmpty();
        assertThat(backend.list()).extracting(VnfInstance::id).doesNotContain(i.id());
    }

    @Test
    void unknownIdGivesNotFound() {
        String unknown = "no-such-instance-" + UUID.randomUUID();
        assertThatThrownBy(() -> backend.inspect(unknown)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(unknown);
        assertThatThrownBy(() -> backend.start(unknown)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> backend.stop(unknown)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> backend.usage(unknown)).isInstanceOfAny(NotFoundException.class,
                UnsupportedCapabilityException.class);
    }

    @Test
    void useAfterCloseFailsClearly() {
        VirtualizationBackend b = openTracked(config());
        b.close();
        assertThatCode(b::close).as("close is idempotent").doesNotThrowAnyException();
        assertThatThrownBy(b::list).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> b.create(runnableSpec(name("a")).build())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unsupportedGuestKindsFailWithUnsupportedCapability() {
        Set<GuestKind> unsupported = EnumSet.complementOf(EnumSet.copyOf(backend.capabilities().guestKinds()));
        for (GuestKind kind : unsupported) {
            VnfSpec.Builder b = VnfSpec.builder(name("u"), kind).image(ImageRef.builtin());
            assertThatThrownBy(() -> backend.create(b.build())).as("create(%s)", kind)
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .hasMessageContaining(backend.id()).hasMessageContaining(kind.name());
        }
        List<VnfInstance> left = backend.list();
        assertThat(left).isEmpty();
    }

    @Test
    void prepareReadiesTheImageAndCreatesNothingThatRuns() {
        VnfSpec spec = runnableSpec(name("p")).build();
        String prepared = backend.prepare(spec);
        assertThat(prepared).as("prepare describes the image").isNotBlank();
        assertThat(backend.prepare(spec)).as("prepare is idempotent").isEqualTo(prepared);
        assertThat(backend.list()).as("prepare creates no instance").isEmpty();
        for (GuestKind kind : EnumSet.complementOf(EnumSet.copyOf(backend.capabilities().guestKinds()))) {
            assertThatThrownBy(() -> backend.prepare(VnfSpec.builder(name("u"), kind).build())).as("prepare(%s)", kind)
                    .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining(kind.name());
        }
        VnfInstance i = backend.run(spec);
        assertThat(backend.imageDescription(i.id())).as("the instance boots what prepare made ready").isEqualTo(prepared);
    }

    @Test
    void usageAndImageSizeOfARunningInstance() {
        VnfInstance i = backend.run(runnableSpec(name("a")).build());
        if (backend.capabilities().supports(Capability.LIVE_STATS)) {
            Usage u = backend.usage(i.id());
            assertThat(u.memoryBytes()).isPositive();
            assertThat(u.source()).isNotBlank();
        } else {
            assertThatThrownBy(() -> backend.usage(i.id())).isInstanceOf(UnsupportedCapabilityException.class);
        }
        if (backend.capabilities().supports(Capability.IMAGE_SIZE)) {
            assertThat(backend.imageSizeBytes(i.id())).isPositive();
        }
    }

    @Test
    void recoversItsInstancesAfterTheCallerRestarts() {
        VnfInstance i = backend.run(runnableSpec(name("a")).build());
        backend.close();
        try (VirtualizationBackend again = provider().open(config())) {
            VnfInstance found = again.inspect(i.id());
            assertThat(found.name()).isEqualTo(i.name());
            assertThat(found.state()).isEqualTo(VnfState.RUNNING);
            assertThat(found.ipv4()).isEqualTo(i.ipv4());
        }
    }

    @Test
    void unwrapGivesTheEngineClientOrAClearError() {
        assertThatThrownBy(() -> backend.unwrap(StringBuilder.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StringBuilder");
    }
}
