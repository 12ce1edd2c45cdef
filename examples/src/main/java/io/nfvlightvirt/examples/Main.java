package io.nfvlightvirt.examples;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.LightVirt;
import io.nfvlightvirt.spi.Availability;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Entry point of {@code nfv-lightvirt-examples.jar}: one subcommand per example. */
@Command(name = "nfv-lightvirt", mixinStandardHelpOptions = true, version = "nfv-lightvirt 0.1.0-SNAPSHOT",
        description = "Run and measure VNFs on Docker, KVM and Xen (draft-natarajan-nfvrg-containers-for-nfv-03).",
        subcommands = {Main.Backends.class, Main.QuickStartCommand.class, ReproduceCommand.class, MiniOrchestrator.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    /**
     * @param args subcommand and its arguments
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    /** Lists every backend on the class path and whether it is usable here, with the reason. */
    @Command(name = "backends", description = "List the backends found and whether each is usable on this host.")
    static final class Backends implements Callable<Integer> {
        @Override
        public Integer call() {
            Map<String, Availability> all = LightVirt.discover().probeAll(BackendConfig.defaults());
            all.forEach((id, a) -> System.out.printf("%-8s %-9s %s%n", id, a.usable() ? "usable" : "unusable", a.reason()));
            return all.values().stream().anyMatch(Availability::usable) ? 0 : 1;
        }
    }

    /** Runs {@link QuickStart}. */
    @Command(name = "quickstart", description = "Run one VNF on the best backend, print where it is, destroy it.")
    static final class QuickStartCommand implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "CONTAINER", description = "guest kind: ${COMPLETION-CANDIDATES}")
        io.nfvlightvirt.GuestKind kind;

        @Override
        public Integer call() {
            QuickStart.main(new String[] {kind.name()});
            return 0;
        }
    }
}
