package io.nfvlightvirt.kvm;

import io.nfvlightvirt.libvirt.connect.LibvirtConnection;
import io.nfvlightvirt.libvirt.connect.LibvirtUris;
import io.nfvlightvirt.libvirt.domain.CpuMode;
import io.nfvlightvirt.libvirt.domain.DomainDefinition;
import io.nfvlightvirt.libvirt.domain.DomainMetadata;
import io.nfvlightvirt.libvirt.domain.DomainType;
import io.nfvlightvirt.libvirt.domain.DomainXmlWriter;
import io.nfvlightvirt.libvirt.domain.KernelBoot;
import io.nfvlightvirt.libvirt.host.InstanceDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether guests run under KVM or TCG. {@code /dev/kvm} and libvirt's capabilities are
 * not trusted alone (on nested hosts KVM guests may hang): a {@link ProbeKernel} is booted under
 * KVM and must print its marker on the serial console before the deadline. The verdict is cached
 * per libvirt URI for the life of the JVM (the host does not change its mind), so only the first
 * backend that creates a guest pays for it.
 */
final class AcceleratorProbe {
    private static final Logger LOG = LoggerFactory.getLogger(AcceleratorProbe.class);
    private static final Map<String, Verdict> CACHE = new ConcurrentHashMap<>();

    /**
     * @param type the domain type guests get
     * @param reason why, in words
     * @param probeTime how long the probe took (zero when cached or forced)
     */
    record Verdict(DomainType type, String reason, Duration probeTime) {}

    private AcceleratorProbe() {}

    static Verdict verdict(LibvirtConnection conn, KvmOptions options, InstanceDirectory dirs, String owner) {
        switch (options.accelerator()) {
            case "tcg":
                return new Verdict(DomainType.QEMU, "TCG forced by option accelerator=tcg", Duration.ZERO);
            case "kvm":
                return new Verdict(DomainType.KVM, "KVM forced by option accelerator=kvm", Duration.ZERO);
            default:
                return CACHE.computeIfAbsent(conn.uri().toString(), k -> probe(conn, options.probeTimeout(), dirs, owner));
        }
    }

    /** @param uri a libvirt URI @return the cached verdict, if any */
    static Optional<Verdict> cached(String uri) {
        return Optional.ofNullable(CACHE.get(uri));
    }

    private static Verdict probe(LibvirtConnection conn, Duration timeout, InstanceDirectory dirs, String owner) {
        long t0 = System.nanoTime();
        if (LibvirtUris.isLocal(conn.uri()) && !Files.exists(Path.of("/dev/kvm"))) {
            return done(DomainType.QEMU, "no /dev/kvm on this host: guests run under TCG", t0);
        }
        String caps;
        try {
            caps = conn.raw().getCapabilities();
        } catch (LibvirtException e) {
            throw conn.failure(e, "reading the host capabilities");
        }
        if (!caps.contains("<domain type='kvm'") && !caps.contains("<domain type=\"kvm\"")) {
            return done(DomainType.QEMU, "libvirt offers no 'kvm' domain type (is /dev/kvm usable by libvirtd?): TCG", t0);
        }
        String name = "nfvlv-accel-probe-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = dirs.create(name, owner, "accel-probe");
        Domain dom = null;
        try {
            Path kernel = Files.write(dir.resolve("probe.bin"), ProbeKernel.image());
            Files.setPosixFilePermissions(kernel, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Path console = dir.resolve("console.log");
            DomainDefinition def = DomainDefinition.builder(name, DomainType.KVM)
                    .memoryBytes(16L << 20)
                    .cpuMode(CpuMode.HOST_PASSTHROUGH)
                    .kernelBoot(new KernelBoot(kernel, Optional.empty(), ""))
                    .consoleLog(console)
                    .skipCpuFeatureQuery(true)
                    .metadata(new DomainMetadata(owner, "accel-probe", "ACCEL_PROBE", Map.of(), Map.of()))
                    .build();
            try {
                dom = conn.raw().domainCreateXML(DomainXmlWriter.write(def), 0);
            } catch (LibvirtException e) {
                return done(DomainType.QEMU, "a test guest could not be started under KVM (" + LibvirtConnection.message(e)
                        + "): TCG", t0);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(console)
                        && Files.readString(console, StandardCharsets.ISO_8859_1).contains(ProbeKernel.MARKER)) {
                    return done(DomainType.KVM, "a test guest ran under KVM in "
                            + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms", t0);
                }
                Thread.sleep(10);
            }
            return done(DomainType.QEMU, "a test guest under KVM printed nothing within " + timeout.toMillis()
                    + " ms (KVM present but guests do not run, e.g. broken nested virtualisation): TCG", t0);
        } catch (IOException e) {
            return done(DomainType.QEMU, "the KVM probe could not write its files (" + e + "): TCG", t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return done(DomainType.QEMU, "the KVM probe was interrupted: TCG", t0);
        } finally {
            if (dom != null) {
                try {
                    dom.destroy();
                } catch (LibvirtException e) {
                    LOG.warn("could not destroy KVM probe domain {}: {}", name, LibvirtConnection.message(e));
                }
            }
            dirs.delete(name);
        }
    }

    private static Verdict done(DomainType type, String reason, long t0) {
        Verdict v = new Verdict(type, reason.replaceAll("\\s*\n\\s*", " / "), Duration.ofNanos(System.nanoTime() - t0));
        LOG.info("accelerator: {} ({})", type.accelerator(), reason);
        return v;
    }
}
