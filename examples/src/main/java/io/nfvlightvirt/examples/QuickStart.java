package io.nfvlightvirt.examples;

import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.LightVirt;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;

/**
 * The README's quick start, compiled with the build so the README cannot drift: runs one VNF on
 * the best backend this host offers (or the one named by {@code -Dnfv.lightvirt.backend=kvm}),
 * prints where it is and how long it took, and destroys it.
 */
public final class QuickStart {
    private QuickStart() {}

    /**
     * @param args guest kind (default CONTAINER)
     */
    public static void main(String[] args) {
        GuestKind kind = args.length > 0 ? GuestKind.valueOf(args[0]) : GuestKind.CONTAINER;
        // --- README quick start begins ---
        try (VirtualizationBackend backend = LightVirt.open()) {
            VnfSpec spec = VnfSpec.builder("quickstart-fw", kind).memoryMiB(128).build();
            VnfInstance vnf = backend.run(spec);
            try {
                System.out.printf("%s runs on %s (%s) at %s via %s, started in %d ms%n", vnf.name(), backend.id(),
                        vnf.accelerator(), vnf.ipv4().orElse("?"), vnf.linkName().orElse("?"),
                        vnf.between(Phase.CREATE_CALLED, Phase.STARTED).orElseThrow().toMillis());
                System.out.println("memory in use: " + backend.usage(vnf.id()).memoryBytes() / 1024 + " KiB");
            } finally {
                backend.destroy(vnf.id());
            }
        }
        // --- README quick start ends ---
    }
}
