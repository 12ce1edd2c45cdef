package io.nfvlightvirt.probes.bench;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.Capability;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.LightVirt;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.Usage;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.probes.report.BenchmarkReport;
import io.nfvlightvirt.probes.report.DraftFigures;
import io.nfvlightvirt.probes.report.HostFacts;
import io.nfvlightvirt.probes.report.ResultRow;
import io.nfvlightvirt.probes.report.RttFigures;
import io.nfvlightvirt.probes.report.Summary;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives backends through the draft's five measurements (section 4): for every requested backend
 * and every guest kind it supports, instantiation time repeated N times (create until the first
 * RST or SYN-ACK, by the capture timestamp), then on one running guest, once it is idle, TCP throughput Tx and Rx,
 * RTT under a ping flood, image size and memory use. A figure that cannot be measured is left
 * empty with the reason in the row's notes; the run goes on.
 *
 * <p>Everything is created under a fresh owner id, so {@link #cleanUp()} (also run by a shutdown
 * hook on Ctrl-C) removes exactly what this run made.
 */
public final class DraftBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(DraftBenchmark.class);

    /** The row's figures, by the names their notes use: instantiation first, then the other five. */
    private static final List<String> FIGURES = List.of("bootMs", "txGbps", "rxGbps", "rttMs", "imageMB", "memoryMB");
    /** Progress steps of a row after its instantiations: settling, then the five other measurements. */
    private static final int AFTER_BOOT_STEPS = 6;
    /** A guest has settled when it used less than this share of one CPU over one sample. */
    static final double SETTLE_CPU_SHARE = 0.10;
    /** How long one CPU sample of the settle wait is. */
    static final Duration SETTLE_SAMPLE = Duration.ofMillis(500);
    /** The longest settle wait; a guest still busy then is measured anyway, and the note says so. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

    private final LightVirt lightVirt;
    private final GuestProbes probes;
    private final BenchmarkProgress progress;
    private final String owner;
    private final List<VirtualizationBackend> open = new ArrayList<>();
    /** Held by the measuring thread while it may create instances; cleanUp waits for it. */
    private final Object work = new Object();
    private volatile boolean stopping;
    /** Set when {@link #cleanUp()} is called before {@link #run} finished: the run was cut short. */
    private volatile boolean interrupted;
    private volatile boolean finished;
    /** Guards {@link #measuring}: the thread in a step that Ctrl-C may cut short, or null. */
    private final Object measuringLock = new Object();
    private Thread measuring;
    private Duration settleSample = SETTLE_SAMPLE;
    private Duration settleLimit = SETTLE_LIMIT;

    /**
     * @param lightVirt where backends come from
     * @param probes the measurements
     * @param progress receives progress
     */
    public DraftBenchmark(LightVirt lightVirt, GuestProbes probes, BenchmarkProgress progress) {
        this.lightVirt = lightVirt;
        this.probes = probes;
        this.progress = progress;
        this.owner = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A benchmark object runs once: after {@link #cleanUp()} or a finished {@link #run} it creates
     * nothing more.
     *
     * @return whether {@link #cleanUp()} was called before {@link #run} finished, e.g. by a Ctrl-C
     *     shutdown hook: a report from such a run is incomplete
     */
    public boolean stopped() {
        return interrupted;
    }

    /** @return the owner id under which this run creates everything */
    public String owner() {
        return owner;
    }

    /**
     * Which backends a run with these settings would use, and why the others are not.
     *
     * @param settings the settings
     * @return backend id to its availability, for every requested backend (or every provider found)
     */
    public Map<String, Availability> plan(BenchmarkSettings settings) {
        List<String> ids = settings.backends().isEmpty() ? providerIds(lightVirt) : settings.backends();
        Map<String, Availability> chosen = new LinkedHashMap<>();
        for (String id : ids) {
            chosen.put(id, lightVirt.probe(id, config(settings, id)));
        }
        return chosen;
    }

    /**
     * Runs the benchmark.
     *
     * @param settings what to run
     * @return the report
     * @throws BackendUnavailableException when a backend the settings name explicitly is unusable
     */
    public BenchmarkReport run(BenchmarkSettings settings) {
        Instant started = Instant.now();
        HostFacts host = HostFacts.collect();
        DraftFigures draft = DraftFigures.load();
        Map<String, Availability> plan = plan(settings);
        if (!settings.backends().isEmpty()) {
            for (Map.Entry<String, Availability> e : plan.entrySet()) {
                if (!e.getValue().usable()) {
                    throw new BackendUnavailableException("backend '" + e.getKey() + "' is not usable: " + e.getValue().reason());
                }
            }
        }
        record Work(VirtualizationBackend backend, String engine, GuestKind kind) {}
        List<Work> work = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>();
        for (Map.Entry<String, Availability> e : plan.entrySet()) {
            if (!e.getValue().usable()) {
                LOG.info("backend {} skipped: {}", e.getKey(), e.getValue().reason());
                continue;
            }
            VirtualizationBackend b = lightVirt.select(e.getKey(), config(settings, e.getKey()));
            open.add(b);
            for (GuestKind kind : GuestKind.values()) {
                boolean wanted = settings.guests().isEmpty() || settings.guests().contains(kind);
                if (wanted && b.capabilities().supports(kind)) {
                    work.add(new Work(b, e.getValue().reason(), kind));
                }
            }
        }
        int perRow = rowSteps(settings);
        int total = work.size() * perRow;
        AtomicInteger done = new AtomicInteger();
        try {
            for (Work w : work) {
                synchronized (this.work) {
                    if (stopping) {
                        break;
                    }
                    rows.add(measure(w.backend(), w.engine(), w.kind(), settings, draft, done, total));
                }
            }
        } finally {
            stopAndSweep();
            finished = true;
        }
        return new BenchmarkReport(host, settings.describe(), started, Instant.now(), rows, draft.source(), draft.rows());
    }

    private ResultRow measure(VirtualizationBackend b, String engine, GuestKind kind, BenchmarkSettings s,
            DraftFigures draft, AtomicInteger done, int total) {
        Map<String, String> notes = new LinkedHashMap<>();
        String id = b.id();
        String guest = kind.name();
        VnfSpec.Builder template;
        try {
            template = specFor(kind, s);
        } catch (IllegalStateException e) {
            done.addAndGet(rowSteps(s));
            return unmeasured(id, guest, "none", engine, "none", e.getMessage(), draft);
        }
        List<Double> boots = new ArrayList<>();
        VnfInstance kept = null;
        String accelerator = "unknown";
        String image = describe(template.build().image(), kind);
        // The image is made ready first (a first Tinyx or Debian image is built here, which takes
        // minutes), so that the figures are instantiations, not image builds.
        progress.step(id, guest, "preparing the image (built once per machine, then cached)", done.get(), total);
        long prep = System.nanoTime();
        try {
            image = b.prepare(template.build());
            notes.put("image", String.format(Locale.ROOT, "prepared before the timed runs in %.1f s",
                    (System.nanoTime() - prep) / 1e9));
        } catch (RuntimeException e) {
            // without a ready image every create would build it again inside the timed runs: end the row
            LOG.warn("{}/{}: preparing the image failed: {}", id, guest, e.toString());
            done.addAndGet(rowSteps(s));
            return unmeasured(id, guest, "unknown", engine, image, "the image could not be prepared: " + e.getMessage(),
                    draft);
        }
        done.incrementAndGet();
        // Run 0 is a warm-up, not counted (unless switched off): first-start costs stay out of the figures.
        // When the last counted run fails but others answered, one more (uncounted) instantiation gives
        // the other four measurements a guest.
        int extra = s.repetitions() + 1;
        for (int i = s.warmUp() ? 0 : 1; !stopping && (i <= s.repetitions() || i == extra && kept == null && !boots.isEmpty()); i++) {
            progress.step(id, guest, i == 0 ? "warm-up instantiation (not counted)"
                    : i == extra ? "one more instantiation (not counted) for the other measurements: the last one failed"
                    : "instantiation " + i + "/" + s.repetitions(), done.get(), total);
            VnfInstance created = null;
            try {
                created = b.create(template.name(name(kind, i)).build());
                accelerator = created.accelerator();
                try (GuestProbes.BootWatch watch = probes.watchBoot(created, s.bootTimeout())) {
                    b.start(created.id());
                    Instant first = watch.awaitFirstAnswer();
                    Instant t0 = created.at(Phase.CREATE_CALLED).orElseThrow();
                    double ms = Duration.between(t0, first).toNanos() / 1e6;
                    if (i == 0) {
                        notes.put("warmUp", String.format(Locale.ROOT, "warm-up instantiation, not counted: %.0f ms", ms));
                    } else if (i < extra) {
                        boots.add(ms);
                    }
                }
                if (i >= s.repetitions()) {
                    kept = b.inspect(created.id());
                    created = null;
                }
            } catch (RuntimeException e) {
                LOG.warn("{}/{} instantiation {} failed: {}", id, guest, i, e.toString());
                notes.merge(i == 0 ? "warmUp" : "bootMs", (i == 0 ? "warm-up: " : i == extra ? "uncounted extra run: "
                        : "run " + i + ": ") + e.getMessage(), (a, c) -> a + "; " + c);
            } finally {
                if (created != null) {
                    destroyQuietly(b, created.id(), notes);
                }
                if (i < extra) {
                    done.incrementAndGet();
                }
            }
        }
        Summary boot = boots.isEmpty() ? null : Summary.of(boots);
        if (boot != null && boots.size() < s.repetitions()) {
            notes.put("bootMs", boots.size() + " of " + s.repetitions() + " runs answered; " + notes.get("bootMs"));
        }
        if (boot != null) {
            notes.putIfAbsent("bootMs", "create until the first RST/SYN-ACK to SYNs every few ms, by capture timestamp "
                    + "(proves the guest's network stack is up, not that an application is ready)");
        }
        Double tx = null;
        Double rx = null;
        String mode = null;
        RttFigures rtt = null;
        Double imageMB = null;
        Double memoryMB = null;
        if (stopping && kept != null) {
            destroyQuietly(b, kept.id(), notes);
            kept = null;
        }
        if (kept == null) {
            String why = stopping ? "the run was interrupted"
                    : boots.isEmpty() ? "no running guest to measure: every instantiation failed (see bootMs)"
                    : "no running guest to measure: the last instantiation and one more failed (see bootMs)";
            for (String f : FIGURES.subList(1, FIGURES.size())) {
                notes.put(f, why);
            }
            done.addAndGet(AFTER_BOOT_STEPS);
        } else {
            try {
                image = b.imageDescription(kept.id());
            } catch (RuntimeException e) {
                LOG.warn("{}/{}: no image description: {}", id, guest, e.toString());
            }
            // The boot figure ends at the first answer; a standard VM's init still starts services then.
            // Memory, throughput and RTT are taken on a settled guest, as the draft's were.
            progress.step(id, guest, "waiting for the guest to settle (CPU under " + Math.round(SETTLE_CPU_SHARE * 100)
                    + " %, at most " + settleLimit.toSeconds() + " s)", done.get(), total);
            notes.put("settle", settle(b, kept.id()));
            done.incrementAndGet();
            try {
                ensureRunning();
                progress.step(id, guest, "image size", done.get(), total);
                if (b.capabilities().supports(Capability.IMAGE_SIZE)) {
                    imageMB = b.imageSizeBytes(kept.id()) / 1e6;
                } else {
                    notes.put("imageMB", "backend " + id + " does not report image sizes");
                }
            } catch (RuntimeException e) {
                notes.put("imageMB", "failed: " + e.getMessage());
            }
            done.incrementAndGet();
            try {
                ensureRunning();
                progress.step(id, guest, "memory usage", done.get(), total);
                if (b.capabilities().supports(Capability.LIVE_STATS)) {
                    Usage u = b.usage(kept.id());
                    memoryMB = u.memoryBytes() / 1e6;
                    notes.put("memoryMB", "from " + u.source());
                } else {
                    notes.put("memoryMB", "backend " + id + " has no live stats");
                }
            } catch (RuntimeException e) {
                notes.put("memoryMB", "failed: " + e.getMessage());
            }
            done.incrementAndGet();
            try {
                ensureRunning();
                progress.step(id, guest, "throughput Tx (" + s.throughputDuration().toSeconds() + " s)", done.get(), total);
                VnfInstance guestNow = kept;
                GuestProbes.Throughput t = interruptibly(() -> probes.throughput(guestNow, false, s.throughputDuration()));
                tx = t.gbps();
                mode = t.mode();
            } catch (RuntimeException e) {
                notes.put("txGbps", "failed: " + e.getMessage());
            }
            done.incrementAndGet();
            try {
                ensureRunning();
                progress.step(id, guest, "throughput Rx (" + s.throughputDuration().toSeconds() + " s)", done.get(), total);
                VnfInstance guestNow = kept;
                GuestProbes.Throughput t = interruptibly(() -> probes.throughput(guestNow, true, s.throughputDuration()));
                rx = t.gbps();
                mode = t.mode();
            } catch (RuntimeException e) {
                notes.put("rxGbps", "failed: " + e.getMessage());
            }
            done.incrementAndGet();
            try {
                ensureRunning();
                progress.step(id, guest, "RTT ping flood (" + s.pingCount() + ")", done.get(), total);
                rtt = probes.pingFlood(kept, s.pingCount());
            } catch (RuntimeException e) {
                notes.put("rttMs", "failed: " + e.getMessage());
            }
            done.incrementAndGet();
            destroyQuietly(b, kept.id(), notes);
        }
        return new ResultRow(ResultRow.technologyOf(id, guest, image), id, guest, accelerator, engine, image, boot, tx, rx,
                mode, rtt, imageMB, memoryMB, notes, draft.rowFor(id, guest).orElse(null));
    }

    /** A row with no figure: every one of {@link #FIGURES} is missing for the same reason. */
    private static ResultRow unmeasured(String id, String guest, String accelerator, String engine, String image, String why,
            DraftFigures draft) {
        Map<String, String> notes = new LinkedHashMap<>();
        FIGURES.forEach(f -> notes.put(f, why));
        return new ResultRow(ResultRow.technologyOf(id, guest, image), id, guest, accelerator, engine, image, null, null,
                null, null, null, null, null, notes, draft.rowFor(id, guest).orElse(null));
    }

    /** Progress steps per row: prepare, the warm-up if any, the counted runs, settling, then five measurements. */
    private static int rowSteps(BenchmarkSettings s) {
        return 1 + (s.warmUp() ? 1 : 0) + s.repetitions() + AFTER_BOOT_STEPS;
    }

    /**
     * Runs a step that {@link #cleanUp()} may cut short by interrupting this thread; the interrupt
     * it caused is cleared afterwards, so that destroying the guest is not cut short too.
     */
    private <T> T interruptibly(Supplier<T> step) {
        synchronized (measuringLock) {
            ensureRunning();
            measuring = Thread.currentThread();
        }
        try {
            return step.get();
        } finally {
            synchronized (measuringLock) {
                measuring = null;
                if (stopping) {
                    Thread.interrupted();
                }
            }
        }
    }

    /** Ends a measurement step before it starts once Ctrl-C or {@link #cleanUp()} asked the run to stop. */
    private void ensureRunning() {
        if (stopping) {
            throw new IllegalStateException("the run was interrupted");
        }
    }

    /** For tests: shorter settle samples and limit. */
    DraftBenchmark settleTiming(Duration sample, Duration limit) {
        this.settleSample = sample;
        this.settleLimit = limit;
        return this;
    }

    /**
     * Waits until the guest is idle: its CPU use over one {@link #SETTLE_SAMPLE} below
     * {@link #SETTLE_CPU_SHARE} of one CPU, for at most {@link #SETTLE_LIMIT}.
     *
     * @return the note: how long it took, or that the guest was still busy, or why there was no wait
     */
    private String settle(VirtualizationBackend b, String instanceId) {
        if (!b.capabilities().supports(Capability.LIVE_STATS)) {
            return "not waited for: backend " + b.id() + " has no live stats";
        }
        long start = System.nanoTime();
        try {
            Usage before = b.usage(instanceId);
            long beforeNanos = System.nanoTime();
            while (!stopping) {
                Thread.sleep(settleSample.toMillis());
                Usage after;
                try {
                    after = b.usage(instanceId);
                } catch (RuntimeException e) {
                    return String.format(Locale.ROOT, "stopped waiting after %.1f s: %s", (System.nanoTime() - start) / 1e9, e);
                }
                long afterNanos = System.nanoTime();
                if (after.cpuTime().isZero()) {
                    return "not waited for: the backend reports no CPU time for the guest (" + after.source() + ")";
                }
                long cpu = after.cpuTime().minus(before.cpuTime()).toNanos();
                double share = cpu / (double) Math.max(1, afterNanos - beforeNanos);
                before = after;
                beforeNanos = afterNanos;
                double waited = (afterNanos - start) / 1e9;
                if (cpu >= 0 && share < SETTLE_CPU_SHARE) { // a counter that went backwards proves nothing
                    return String.format(Locale.ROOT, "measured once the guest was idle: %.1f s after its first answer, "
                            + "guest CPU %.0f %% over %d ms", waited, share * 100, settleSample.toMillis());
                }
                if (afterNanos - start >= settleLimit.toNanos()) {
                    return String.format(Locale.ROOT, "the guest was still busy %.0f s after its first answer (guest CPU "
                            + "%.0f %%): measured anyway", waited, share * 100);
                }
            }
            return "the run was interrupted";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the run was interrupted";
        } catch (RuntimeException e) {
            return "not waited for: " + e;
        }
    }

    private static String describe(ImageRef image, GuestKind kind) {
        if (image instanceof ImageRef.Kernel k) {
            return k.kernel().getFileName().toString();
        }
        return image == ImageRef.builtin() ? "library's built-in " + kind.name().toLowerCase(Locale.ROOT) + " image"
                : image.toString();
    }

    private VnfSpec.Builder specFor(GuestKind kind, BenchmarkSettings s) {
        VnfSpec.Builder b = VnfSpec.builder(name(kind, 0), kind);
        switch (kind) {
            case CONTAINER -> b.memoryMiB(64);
            case TINYX -> b.memoryMiB(128);
            case STANDARD_VM -> b.memoryMiB(256);
            // no unikernel given: the backend's built-in one (kvm: the Unikraft nfvsink its jar carries)
            case UNIKERNEL -> b.memoryMiB(64).image(s.unikernel().<ImageRef>map(ImageRef::kernel).orElseGet(ImageRef::builtin));
            default -> throw new IllegalStateException("unknown guest kind " + kind);
        }
        return b;
    }

    private static String name(GuestKind kind, int i) {
        return "bench-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + i;
    }

    private static void destroyQuietly(VirtualizationBackend b, String id, Map<String, String> notes) {
        try {
            b.destroy(id);
        } catch (RuntimeException e) {
            LOG.warn("destroy {} failed: {}", id, e.toString());
            notes.merge("cleanup", "destroy " + id + " failed: " + e.getMessage(), (a, c) -> a + "; " + c);
        }
    }

    /**
     * Destroys every instance this run's owner still has on every backend it opened, and closes
     * them. Safe to call more than once and from a shutdown hook.
     */
    public void cleanUp() {
        if (!finished) {
            interrupted = true;
        }
        stopAndSweep();
    }

    private void stopAndSweep() {
        // A shutdown hook runs beside the measuring thread, which goes on until it sees the flag:
        // wait for the instance it may be creating, so that nothing is created after the sweep.
        stopping = true;
        synchronized (measuringLock) {
            if (measuring != null) {
                measuring.interrupt(); // a throughput run ends at once (the meter's wait loops stop on an interrupt), not after its duration
            }
        }
        synchronized (work) {
            sweep();
        }
    }

    private synchronized void sweep() {
        for (VirtualizationBackend b : open) {
            try {
                for (VnfInstance i : b.list()) {
                    destroyQuietly(b, i.id(), new LinkedHashMap<>());
                }
            } catch (RuntimeException e) {
                LOG.warn("cleanup of backend {} failed: {}", b.id(), e.toString());
            } finally {
                b.close();
            }
        }
        open.clear();
    }

    private BackendConfig config(BenchmarkSettings settings, String backendId) {
        BackendConfig c = BackendConfig.defaults().withOwner(owner);
        for (Map.Entry<String, String> o : settings.optionsOf(backendId).entrySet()) {
            c = c.withOption(o.getKey(), o.getValue());
        }
        return c;
    }

    /**
     * @param lightVirt the facade
     * @return provider ids found, for help texts
     */
    public static List<String> providerIds(LightVirt lightVirt) {
        return lightVirt.providers().stream().map(BackendProvider::id).toList();
    }
}
