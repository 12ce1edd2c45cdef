package io.nfvlightvirt.probes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.LightVirt;
import io.nfvlightvirt.OperationFailedException;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.probes.report.BenchmarkReport;
import io.nfvlightvirt.probes.report.ResultRow;
import io.nfvlightvirt.probes.report.RttFigures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DraftBenchmarkTest {

    private final List<String> steps = new ArrayList<>();
    private final LightVirt lightVirt = LightVirt.of(List.of(InMemoryBackend.provider()), k -> null, k -> null);

    /** Answers every boot 5 ms after create; the unikernel never answers; throughput fails for Rx. */
    private final GuestProbes probes = new GuestProbes() {
        @Override
        public BootWatch watchBoot(VnfInstance created, Duration timeout) {
            return new BootWatch() {
                @Override
                public Instant awaitFirstAnswer() {
                    if (created.name().contains("unikernel")) {
                        throw new OperationFailedException("no answer from 10.0.0.9 on mem0 within " + timeout);
                    }
                    return created.at(io.nfvlightvirt.Phase.CREATE_CALLED).orElseThrow().plusMillis(5);
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public RttFigures pingFlood(VnfInstance running, int count) {
            return new RttFigures(count, 0.01, 0.02, 0.03, 0.005, 0);
        }

        @Override
        public Throughput throughput(VnfInstance running, boolean reverse, Duration duration) {
            if (reverse) {
                throw new OperationFailedException("connection reset by guest");
            }
            return new Throughput(1.5, "iperf3");
        }
    };

    private BenchmarkSettings settings(List<String> backends) {
        return new BenchmarkSettings(backends, List.of(), 3, Duration.ofSeconds(1), 100, Duration.ofSeconds(5),
                Optional.of(Path.of("/nonexistent/nfvsink")));
    }

    @Test
    void measuresEverySupportedGuestAndRecordsWhyAFigureIsMissing() {
        DraftBenchmark bench = new DraftBenchmark(lightVirt, probes, (b, g, s, d, t) -> steps.add(b + "/" + g + ": " + s));
        BenchmarkReport report = bench.run(settings(List.of()));

        assertThat(report.results()).extracting(ResultRow::guestKind).containsExactly("UNIKERNEL", "CONTAINER");
        ResultRow container = report.results().get(1);
        assertThat(container.bootMs().n()).isEqualTo(3);
        assertThat(container.bootMs().median()).isEqualTo(5.0);
        assertThat(container.txGbps()).isEqualTo(1.5);
        assertThat(container.rxGbps()).isNull();
        assertThat(container.notes().get("rxGbps")).contains("connection reset by guest");
        assertThat(container.memoryMB()).isEqualTo(3.8);
        assertThat(container.imageMB()).isEqualTo(10.0);
        assertThat(container.rttMs().n()).isEqualTo(100);

        ResultRow unikernel = report.results().get(0);
        assertThat(unikernel.bootMs()).isNull();
        assertThat(unikernel.notes().get("bootMs")).contains("run 1: no answer from 10.0.0.9 on mem0");
        assertThat(unikernel.notes().get("txGbps")).contains("every instantiation failed");

        assertThat(steps).contains("mem/CONTAINER: preparing the image (built once per machine, then cached)",
                "mem/CONTAINER: warm-up instantiation (not counted)",
                "mem/CONTAINER: instantiation 3/3", "mem/CONTAINER: RTT ping flood (100)");
        assertThat(container.notes().get("warmUp")).isEqualTo("warm-up instantiation, not counted: 5 ms");
        assertThat(InMemoryBackend.INSTANCES.values()).noneMatch(i -> i.id().startsWith(bench.owner()));
    }

    @Test
    void whenTheLastCountedRunFailsOneMoreUncountedRunGivesTheOtherMeasurementsAGuest() {
        GuestProbes lastFails = new GuestProbes() {
            @Override
            public BootWatch watchBoot(VnfInstance created, Duration timeout) {
                BootWatch w = probes.watchBoot(created, timeout);
                return new BootWatch() {
                    @Override
                    public Instant awaitFirstAnswer() {
                        if (created.name().equals("bench-container-3")) {
                            throw new OperationFailedException("boot watch on link 'mem0' failed");
                        }
                        return w.awaitFirstAnswer();
                    }

                    @Override
                    public void close() {}
                };
            }

            @Override
            public RttFigures pingFlood(VnfInstance running, int count) {
                return probes.pingFlood(running, count);
            }

            @Override
            public Throughput throughput(VnfInstance running, boolean reverse, Duration duration) {
                return probes.throughput(running, reverse, duration);
            }
        };
        DraftBenchmark bench = new DraftBenchmark(lightVirt, lastFails, (b, g, s, d, t) -> steps.add(g + ": " + s));
        BenchmarkReport report = bench.run(new BenchmarkSettings(List.of(), List.of(GuestKind.CONTAINER), 3,
                Duration.ofSeconds(1), 100, Duration.ofSeconds(5), Optional.empty()));

        ResultRow container = report.results().get(0);
        assertThat(container.bootMs().n()).isEqualTo(2);
        assertThat(container.notes().get("bootMs")).startsWith("2 of 3 runs answered; run 3: boot watch on link 'mem0'");
        assertThat(container.txGbps()).isEqualTo(1.5);
        assertThat(container.rttMs()).isNotNull();
        assertThat(steps).contains("CONTAINER: one more instantiation (not counted) for the other measurements: the last one failed");
        assertThat(bench.stopped()).isFalse();
        assertThat(InMemoryBackend.INSTANCES.values()).noneMatch(i -> i.id().startsWith(bench.owner()));
    }

    @Test
    void aRowWhoseImageCannotBePreparedEndsBeforeAnyTimedRunWithTheReason() {
        DraftBenchmark bench = new DraftBenchmark(lightVirt, probes, (b, g, s, d, t) -> steps.add(g + ": " + s));
        BenchmarkReport report = bench.run(new BenchmarkSettings(List.of(), List.of(GuestKind.CONTAINER), 3,
                Duration.ofSeconds(1), 100, Duration.ofSeconds(5), Optional.empty(),
                java.util.Map.of("mem", java.util.Map.of("prepare", "fail")), true));
        ResultRow container = report.results().get(0);
        assertThat(container.bootMs()).isNull();
        assertThat(container.notes().get("bootMs")).isEqualTo("the image could not be prepared: cannot build the image: no kernel source");
        assertThat(steps).noneMatch(st -> st.contains("instantiation"));
        assertThat(bench.stopped()).isFalse();
        bench.cleanUp();
        assertThat(bench.stopped()).as("cleanUp after a finished run is not an interruption").isFalse();
    }

    @Test
    void theOtherMeasurementsWaitForAnIdleGuestAndSayHowLongOrThatItStayedBusy() {
        DraftBenchmark idle = new DraftBenchmark(lightVirt, probes, (b, g, s, d, t) -> steps.add(g + ": " + s))
                .settleTiming(Duration.ofMillis(20), Duration.ofMillis(200));
        ResultRow settled = idle.run(new BenchmarkSettings(List.of(), List.of(GuestKind.CONTAINER), 1,
                Duration.ofSeconds(1), 100, Duration.ofSeconds(5), Optional.empty())).results().get(0);
        assertThat(settled.notes().get("settle")).startsWith("measured once the guest was idle: ").contains("guest CPU 0 % over 20 ms");
        assertThat(steps).containsSubsequence("CONTAINER: instantiation 1/1",
                "CONTAINER: waiting for the guest to settle (CPU under 10 %, at most 0 s)", "CONTAINER: image size");

        DraftBenchmark busy = new DraftBenchmark(lightVirt, probes, (b, g, s, d, t) -> { })
                .settleTiming(Duration.ofMillis(20), Duration.ofMillis(200));
        ResultRow measuredAnyway = busy.run(new BenchmarkSettings(List.of(), List.of(GuestKind.CONTAINER), 1,
                Duration.ofSeconds(1), 100, Duration.ofSeconds(5), Optional.empty(),
                java.util.Map.of("mem", java.util.Map.of("guest", "busy")), false)).results().get(0);
        assertThat(measuredAnyway.notes().get("settle")).matches("the guest was still busy 0 s after its first answer "
                + "\\(guest CPU (9\\d|1\\d\\d) %\\): measured anyway");
        assertThat(measuredAnyway.txGbps()).isEqualTo(1.5);
        assertThat(measuredAnyway.memoryMB()).isEqualTo(3.8);

        ResultRow unknown = new DraftBenchmark(lightVirt, probes, (b, g, s, d, t) -> { })
                .settleTiming(Duration.ofMillis(20), Duration.ofMillis(200))
                .run(new BenchmarkSettings(List.of(), List.of(GuestKind.CONTAINER), 1, Duration.ofSeconds(1), 100,
                        Duration.ofSeconds(5), Optional.empty(), java.util.Map.of("mem", java.util.Map.of("guest", "nocpu")),
                        false)).results().get(0);
        assertThat(unknown.notes().get("settle")).as("zero CPU time is no proof of idleness")
                .isEqualTo("not waited for: the backend reports no CPU time for the guest (test)");
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void cleanUpCutsARunningThroughputStepShortAndStillDestroysTheGuest() throws Exception {
        java.util.concurrent.CountDownLatch inThroughput = new java.util.concurrent.CountDownLatch(1);
        GuestProbes slow = new GuestProbes() {
            @Override
            public BootWatch watchBoot(VnfInstance created, Duration timeout) {
                return probes.watchBoot(created, timeout);
            }

            @Override
            public RttFigures pingFlood(VnfInstance running, int count) {
                throw new AssertionError("no step runs after the interruption");
            }

            @Override
            public Throughput throughput(VnfInstance running, boolean reverse, Duration duration) {
                inThroughput.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(5).toMillis()); // as a channel that an interrupt closes
                    throw new AssertionError("not interrupted");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OperationFailedException("throughput run interrupted");
                }
            }
        };
        DraftBenchmark bench = new DraftBenchmark(lightVirt, slow, (b, g, s, d, t) -> { })
                .settleTiming(Duration.ofMillis(10), Duration.ofMillis(100));
        Thread stopper = new Thread(() -> {
            try {
                inThroughput.await();
                bench.cleanUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        long t0 = System.nanoTime();
        bench.run(new BenchmarkSettings(List.of(), List.of(GuestKind.CONTAINER), 1, Duration.ofMinutes(5), 100,
                Duration.ofSeconds(5), Optional.empty()));
        stopper.join();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("not the 5 minutes of the step").isLessThan(Duration.ofMinutes(1));
        assertThat(bench.stopped()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is not left to the caller").isFalse();
        assertThat(InMemoryBackend.INSTANCES.values()).noneMatch(i -> i.id().startsWith(bench.owner()));
    }

    @Test
    void cleanUpFromOutsideMarksTheRunStoppedAndCreatesNothingMore() {
        DraftBenchmark bench = new DraftBenchmark(lightVirt, probes, (b, g, s, d, t) -> { });
        bench.cleanUp();
        BenchmarkReport report = bench.run(settings(List.of()));
        assertThat(bench.stopped()).isTrue();
        assertThat(report.results()).isEmpty();
        assertThat(InMemoryBackend.INSTANCES.values()).noneMatch(i -> i.id().startsWith(bench.owner()));
    }

    @Test
    void anExplicitlyRequestedBackendThatIsMissingFailsWithItsReason() {
        DraftBenchmark bench = new DraftBenchmark(lightVirt, probes, (b, g, s, d, t) -> { });
        assertThatThrownBy(() -> bench.run(settings(List.of("xen"))))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("backend 'xen' is not usable: no backend with id 'xen' on the class path; found: mem");
        assertThat(bench.plan(settings(List.of("mem", "xen")))).containsOnlyKeys("mem", "xen");
        assertThat(bench.plan(settings(List.of())).get("mem").usable()).isTrue();
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> new BenchmarkSettings(List.of(), List.of(GuestKind.TINYX), 0, Duration.ofSeconds(1), 1,
                Duration.ofSeconds(1), Optional.empty())).hasMessageContaining("invalid repetitions 0");
    }
}
