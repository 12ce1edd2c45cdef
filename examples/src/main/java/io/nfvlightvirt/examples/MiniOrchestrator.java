package io.nfvlightvirt.examples;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.LightVirt;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.Usage;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.probes.bench.GuestProbes;
import io.nfvlightvirt.probes.bench.PacketGuestProbes;
import io.nfvlightvirt.probes.report.RttFigures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A small orchestrator, written the way a user of the library would: open the backend named on the
 * command line, instantiate one VNF while timing it with the SYN-flood boot detector, measure it
 * (RTT, throughput, memory, image size), and destroy it — also when a step fails.
 */
@Command(name = "orchestrate", mixinStandardHelpOptions = true,
        description = "Create, measure and destroy one VNF on the backend you name.")
final class MiniOrchestrator implements Callable<Integer> {

    @Option(names = "--backend", required = true, description = "backend id: docker, kvm or xen")
    String backend;

    @Option(names = "--guest", defaultValue = "CONTAINER", description = "guest kind: ${COMPLETION-CANDIDATES}")
    GuestKind guest;

    @Option(names = "--name", defaultValue = "vnf1", description = "instance name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--memory-mib", defaultValue = "128", description = "guest memory in MiB (default: ${DEFAULT-VALUE})")
    long memoryMiB;

    @Option(names = "--kernel", description = "kernel to boot for a UNIKERNEL guest (default: the backend's built-in, on kvm the Unikraft nfvsink)")
    Path kernel;

    @Override
    public Integer call() {
        VnfSpec.Builder spec = VnfSpec.builder(name, guest).memoryMiB(memoryMiB);
        if (guest == GuestKind.UNIKERNEL) {
            spec.image(kernel != null ? ImageRef.kernel(kernel) : ImageRef.builtin());
        }
        GuestProbes probes = new PacketGuestProbes();
        String owner = "orchestrate-" + ProcessHandle.current().pid();
        try (VirtualizationBackend b = LightVirt.open(backend, BackendConfig.defaults().withOwner(owner))) {
            VnfInstance vnf = b.create(spec.build());
            try {
                Instant answered;
                try (GuestProbes.BootWatch watch = probes.watchBoot(vnf, Duration.ofMinutes(3))) {
                    vnf = b.start(vnf.id());
                    answered = watch.awaitFirstAnswer();
                }
                Instant t0 = vnf.at(Phase.CREATE_CALLED).orElseThrow();
                System.out.printf(Locale.ROOT, "%s on %s (%s): %s %s via %s%n", vnf.name(), b.id(), vnf.accelerator(),
                        vnf.ipv4().orElse("?"), vnf.mac().orElse("?"), vnf.linkName().orElse("?"));
                System.out.printf(Locale.ROOT, "  create returned %6.1f ms, start returned %6.1f ms, first RST %6.1f ms%n",
                        ms(t0, vnf.at(Phase.CREATED).orElse(t0)), ms(t0, vnf.at(Phase.STARTED).orElse(t0)), ms(t0, answered));
                RttFigures rtt = probes.pingFlood(vnf, 200);
                System.out.printf(Locale.ROOT, "  RTT (flood, %d): min/avg/max/mdev %.3f/%.3f/%.3f/%.3f ms, loss %.1f%%%n",
                        rtt.n(), rtt.min(), rtt.avg(), rtt.max(), rtt.mdev(), rtt.lossPercent());
                GuestProbes.Throughput tx = probes.throughput(vnf, false, Duration.ofSeconds(2));
                GuestProbes.Throughput rx = probes.throughput(vnf, true, Duration.ofSeconds(2));
                System.out.printf(Locale.ROOT, "  throughput Tx %.2f Gbit/s, Rx %.2f Gbit/s (%s)%n", tx.gbps(), rx.gbps(),
                        tx.mode());
                Usage u = b.usage(vnf.id());
                System.out.printf(Locale.ROOT, "  memory %.2f MB (%s), image %.2f MB%n", u.memoryBytes() / 1e6, u.source(),
                        b.imageSizeBytes(vnf.id()) / 1e6);
            } finally {
                b.destroy(vnf.id());
                System.out.println("  destroyed " + vnf.name());
            }
        }
        return 0;
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
