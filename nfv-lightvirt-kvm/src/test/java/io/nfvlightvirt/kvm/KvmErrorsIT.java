package io.nfvlightvirt.kvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.UnsupportedCapabilityException;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.libvirt.host.InstanceDirectory;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a caller sees when the daemon is missing or goes away, and when a spec is bad: specific errors, nothing created. */
@Tag("libvirt")
class KvmErrorsIT {
    private final String owner = "it-err-" + UUID.randomUUID().toString().substring(0, 8);
    private final BackendConfig config = BackendConfig.defaults().withOwner(owner);
    private final KvmBackendProvider provider = new KvmBackendProvider();

    @TempDir
    Path tmp;

    @Test
    void aUriWhoseDaemonIsNotThereGivesBackendUnavailableSayingWhatToStart() {
        BackendConfig absent = config.withEngineUri(URI.create("qemu+unix:///system?socket=/nonexistent/libvirt-sock"));
        Availability a = provider.probe(absent);
        assertThat(a.usable()).isFalse();
        assertThat(a.reason()).contains("/nonexistent/libvirt-sock").contains("libvirtd");
        assertThatThrownBy(() -> provider.open(absent)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("cannot connect to libvirt").hasMessageContaining("start libvirtd");
    }

    @Test
    void aConnectionThatDiesGivesBackendUnavailableOnTheNextCall() throws IOException {
        EngineRequirement.require(provider, config);
        Path sock = tmp.resolve("libvirt-proxy.sock");
        try (SocketProxy proxy = new SocketProxy(sock, Path.of("/run/libvirt/libvirt-sock"))) {
            VirtualizationBackend b = provider.open(config.withEngineUri(URI.create("qemu+unix:///system?socket=" + sock)));
            try {
                assertThat(b.list()).isEmpty();
                proxy.close();
                assertThatThrownBy(b::list).isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("stopped answering").hasMessageContaining("start libvirtd");
            } finally {
                b.close();
            }
        }
    }

    @Test
    void unknownOrMalformedOptionsAreRefusedAtOpen() {
        assertThatThrownBy(() -> provider.open(config.withOption("acclerator", "tcg"))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("options.acclerator").hasMessageContaining("accelerator");
        assertThatThrownBy(() -> provider.open(config.withOption(KvmOptions.NETWORK_CIDR, "10.1.2.0/16")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("/24");
        assertThatThrownBy(() -> provider.open(config.withEngineUri(URI.create("xen:///system"))))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("engineUri");
    }

    @Test
    void badSpecsGiveSpecificErrorsAndCreateNothing() {
        EngineRequirement.require(provider, config);
        Set<String> before = hostState();
        assertThat(before).isEmpty();
        try (VirtualizationBackend b = provider.open(config)) {
            Map<VnfSpec, String> bad = Map.of(
                    VnfSpec.builder("missing-kernel", GuestKind.UNIKERNEL).image(ImageRef.kernel(Path.of("/nonexistent/k"))).build(),
                    "image.kernel",
                    VnfSpec.builder("too-small", GuestKind.STANDARD_VM).image(ImageRef.disk(TestHost.NFVSINK)).memoryMiB(64).build(),
                    "memoryBytes",
                    VnfSpec.builder("tinyx-too-small", GuestKind.TINYX).image(ImageRef.kernel(TestHost.NFVSINK)).memoryMiB(8).build(),
                    "memoryBytes");
            try {
                bad.forEach((spec, field) -> assertThatThrownBy(() -> b.create(spec)).as(spec.name())
                        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo(field)));
                assertThatThrownBy(() -> b.create(VnfSpec.builder("a-container", GuestKind.CONTAINER).build()))
                        .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("kvm").hasMessageContaining("CONTAINER");
                assertThatThrownBy(() -> b.create(VnfSpec.builder("pids", GuestKind.UNIKERNEL).image(ImageRef.kernel(TestHost.NFVSINK))
                        .limits(io.nfvlightvirt.ResourceLimits.none().withPids(10)).build()))
                        .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("limits.pids");
                assertThat(b.list()).isEmpty();
            } finally {
                b.list().forEach(i -> b.destroy(i.id())); // a spec wrongly accepted must not outlive the test
            }
        }
        // the built-in unikernel named by the option, when that file is missing
        try (VirtualizationBackend b = provider.open(config.withOption(KvmOptions.UNIKERNEL_BUILTIN, "/nonexistent/uk"))) {
            try {
                assertThatThrownBy(() -> b.create(VnfSpec.builder("missing-builtin", GuestKind.UNIKERNEL).build()))
                        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("/nonexistent/uk")
                        .hasMessageContaining(KvmOptions.UNIKERNEL_BUILTIN);
            } finally {
                b.list().forEach(i -> b.destroy(i.id()));
            }
        }
        assertThat(hostState()).as("domains, links and instance directories").isEqualTo(before);
    }

    /**
     * This test's owner's domains, links (by their alias) and instance directories, asked from the
     * host directly. Other work on the shared daemon is left out.
     */
    private Set<String> hostState() {
        Set<String> s = new TreeSet<>();
        TestHost.virshDomains().stream().filter(d -> d.contains(owner)).forEach(d -> s.add("domain " + d));
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            links.forEach(l -> {
                try {
                    String alias = Files.readString(l.resolve("ifalias")).strip();
                    if (alias.contains("owner=" + owner)) {
                        s.add("link " + l.getFileName() + " (" + alias + ")");
                    }
                } catch (IOException e) {
                    // no alias
                }
            });
            if (Files.isDirectory(InstanceDirectory.DEFAULT_ROOT)) {
                try (Stream<Path> l = Files.list(InstanceDirectory.DEFAULT_ROOT)) {
                    l.filter(p -> p.getFileName().toString().contains(owner)).forEach(p -> s.add("dir " + p.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return s;
    }
}
