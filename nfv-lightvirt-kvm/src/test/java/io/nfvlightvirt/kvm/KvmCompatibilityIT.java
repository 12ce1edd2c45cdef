package io.nfvlightvirt.kvm;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.NetworkAttachment;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.libvirt.host.InstanceDirectory;
import io.nfvlightvirt.spi.BackendProvider;
import io.nfvlightvirt.testkit.BackendCompatibilityKit;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * The compatibility kit against the real libvirtd + QEMU on this host, with the Unikraft nfvsink
 * unikernel as the runnable guest (it boots in well under a second even under TCG).
 */
@Tag("libvirt")
class KvmCompatibilityIT extends BackendCompatibilityKit {

    @BeforeEach
    void needsTheTestUnikernel() {
        EngineRequirement.require(Files.isReadable(TestHost.NFVSINK), "test unikernel " + TestHost.NFVSINK
                + " (set -Dnfv.lightvirt.test.unikernel=PATH)");
    }

    @Override
    protected BackendProvider provider() {
        return new KvmBackendProvider();
    }

    @Override
    protected BackendConfig config() {
        return super.config().withOption(KvmOptions.UNIKERNEL_BUILTIN, TestHost.NFVSINK.toString());
    }

    @Override
    protected VnfSpec.Builder runnableSpec(String name) {
        return VnfSpec.builder(name, GuestKind.UNIKERNEL).image(ImageRef.kernel(TestHost.NFVSINK)).memoryMiB(32);
    }

    @Override
    protected Set<String> engineObjectsOf(VnfInstance instance) {
        Set<String> found = new LinkedHashSet<>();
        if (TestHost.virshDomains().contains(instance.id())) {
            found.add("domain " + instance.id());
        }
        instance.linkName().filter(TestHost::linkExists).ifPresent(l -> found.add("tap " + l));
        Path dir = InstanceDirectory.DEFAULT_ROOT.resolve(instance.id());
        if (Files.exists(dir)) {
            found.add("directory " + dir);
        }
        return found;
    }

    @Override
    protected List<VnfSpec> invalidSpecs(String name) {
        return List.of(
                VnfSpec.builder(name, GuestKind.UNIKERNEL).image(ImageRef.kernel(Path.of("/nonexistent/kernel"))).build(),
                VnfSpec.builder(name, GuestKind.UNIKERNEL).image(ImageRef.kernel(Path.of("relative/kernel"))).build(),
                VnfSpec.builder(name, GuestKind.STANDARD_VM).image(ImageRef.disk(TestHost.NFVSINK)).memoryMiB(64).build(),
                VnfSpec.builder(name, GuestKind.TINYX).image(ImageRef.kernel(TestHost.NFVSINK)).memoryMiB(16).build(),
                VnfSpec.builder(name, GuestKind.TINYX).image(ImageRef.disk(TestHost.NFVSINK)).build(),
                runnableSpec(name).option("no-such-option", "x").build(),
                runnableSpec(name).network(NetworkAttachment.fixed("192.0.2.200")).build(),
                runnableSpec(name).image(ImageRef.kernel(TestHost.NFVSINK).withCmdline("netdev.ip=1.2.3.4/24 --")).build(),
                runnableSpec(name).label("bad", "bell\u0007").build());
    }
}
