package io.nfvlightvirt.examples;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.LightVirt;
import io.nfvlightvirt.kvm.KvmOptions;
import io.nfvlightvirt.probes.bench.BenchmarkSettings;
import io.nfvlightvirt.probes.bench.DraftBenchmark;
import io.nfvlightvirt.probes.bench.PacketGuestProbes;
import io.nfvlightvirt.probes.report.BenchmarkReport;
import io.nfvlightvirt.probes.report.ReportWriter;
import io.nfvlightvirt.spi.Availability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The project's main job: reproduce section 4 of draft-natarajan-nfvrg-containers-for-nfv-03 on
 * this host with every usable backend, and write {@code results.json}, {@code results.csv},
 * {@code REPORT.md} and PNG charts. Ctrl-C destroys what the run created before exiting.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce the draft's section 4 measurements on this host and write reports.")
final class ReproduceCommand implements Callable<Integer> {

    @Option(names = "--backends", split = ",", description = "backend ids, e.g. docker,kvm (default: every usable one)")
    List<String> backends = List.of();

    @Option(names = "--guests", split = ",",
            description = "guest kinds: ${COMPLETION-CANDIDATES} (default: all each backend supports)")
    List<GuestKind> guests = List.of();

    @Option(names = "--repetitions", description = "instantiations measured per row (default: ${DEFAULT-VALUE}; --quick: 3)",
            defaultValue = "10")
    int repetitions;

    @Option(names = "--throughput-seconds", description = "seconds per throughput direction (default: ${DEFAULT-VALUE}; --quick: 2)",
            defaultValue = "10")
    int throughputSeconds;

    @Option(names = "--pings", description = "echo requests in the ping flood (default: ${DEFAULT-VALUE}; --quick: 200)",
            defaultValue = "1000")
    int pings;

    @Option(names = "--boot-timeout", description = "seconds a guest may take to answer its first SYN (default: ${DEFAULT-VALUE})",
            defaultValue = "180")
    int bootTimeoutSeconds;

    @Option(names = "--unikernel", description = "unikernel kernel file for the UNIKERNEL rows (default: the backend's built-in,"
            + " on kvm the Unikraft nfvsink guest its jar carries)")
    Path unikernel;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})", defaultValue = "nfv-results")
    Path out;

    @Option(names = "--quick", description = "fewer repetitions, shorter throughput runs and ping floods, no warm-up "
            + "instantiation; the Tinyx row compiles no kernel (--tinyx-kernel no-compile)")
    boolean quick;

    @Option(names = "--tinyx-kernel", description = "kernel of the KVM Tinyx guest: auto (compiled from linux-source, "
            + "about 5 min once per machine, cached), compiled, debian-cloud, no-compile (the compiled one if cached, "
            + "else debian-cloud) (default: auto; --quick: no-compile)")
    String tinyxKernel;

    @Override
    public Integer call() throws Exception {
        int reps = quick && repetitions == 10 ? 3 : repetitions;
        int secs = quick && throughputSeconds == 10 ? 2 : throughputSeconds;
        int count = quick && pings == 1000 ? 200 : pings;
        Optional<Path> uk = Optional.ofNullable(unikernel);
        if (unikernel != null && !Files.isReadable(unikernel)) {
            System.err.println("--unikernel " + unikernel + ": no such readable file");
            return 2;
        }
        String tinyx = tinyxKernel != null ? tinyxKernel : quick ? KvmOptions.TINYX_KERNEL_NO_COMPILE : KvmOptions.TINYX_KERNEL_AUTO;
        BenchmarkSettings settings = new BenchmarkSettings(backends, guests, reps, Duration.ofSeconds(secs), count,
                Duration.ofSeconds(bootTimeoutSeconds), uk, Map.of("kvm", Map.of(KvmOptions.TINYX_KERNEL, tinyx)), !quick);
        DraftBenchmark bench = new DraftBenchmark(LightVirt.discover(), new PacketGuestProbes(), ReproduceCommand::progress);

        System.out.println("nfv-lightvirt: reproducing draft-natarajan-nfvrg-containers-for-nfv-03 section 4 on this host"
                + " (everything created is labelled with owner " + bench.owner() + ")");
        Map<String, Availability> plan = bench.plan(settings);
        plan.forEach((id, a) -> System.out.printf("  %-7s %s: %s%n", id, a.usable() ? "will run" : "skipped", a.reason()));
        if (plan.values().stream().noneMatch(Availability::usable)) {
            System.err.println("no usable backend; nothing to measure");
            return 3;
        }
        Thread hook = new Thread(() -> {
            System.err.println("\ninterrupted: destroying everything this run created (owner " + bench.owner() + ")");
            bench.cleanUp();
        }, "nfv-lightvirt-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        BenchmarkReport report;
        try {
            report = bench.run(settings);
        } catch (BackendUnavailableException e) {
            System.err.println(e.getMessage());
            return 3;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running; it cleans up
            }
        }
        if (bench.stopped()) {
            // interrupted: the shutdown hook has destroyed what the run made; a partial report is not written
            System.err.println("interrupted: no report written");
            return 130;
        }
        Files.createDirectories(out);
        new ReportWriter().writeAll(report, out, List.of());
        List<String> charts = ChartWriter.writeAll(report, out);
        new ReportWriter().writeAll(report, out, charts);
        System.out.println();
        System.out.println("wrote " + out.resolve(ReportWriter.JSON) + ", " + out.resolve(ReportWriter.CSV) + ", "
                + out.resolve(ReportWriter.MARKDOWN) + " and " + charts.size() + " charts in " + out);
        report.results().forEach(r -> System.out.printf(Locale.ROOT, "  %-22s %-5s boot median %s ms, Tx %s, Rx %s Gbit/s, "
                + "RTT avg %s ms, image %s MB, memory %s MB%n", r.technology(), r.accelerator(),
                r.bootMs() == null ? "-" : fmt(r.bootMs().median()), fmt(r.txGbps()), fmt(r.rxGbps()),
                r.rttMs() == null ? "-" : fmt(r.rttMs().avg()), fmt(r.imageMB()), fmt(r.memoryMB())));
        return 0;
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 1 ? "%.2f" : "%.3f", v);
    }

    private static void progress(String backend, String guest, String step, int done, int total) {
        System.out.printf("[%3d%%] %-6s %-11s %s%n", total == 0 ? 100 : done * 100 / total, backend, guest, step);
    }
}
