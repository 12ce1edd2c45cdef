package io.nfvlightvirt.docker;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.NetworkAttachment;
import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.ResourceLimits;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.spi.BackendProvider;
import io.nfvlightvirt.testkit.BackendCompatibilityKit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;

/** The shared compatibility kit, passed against the real Docker Engine. */
@Tag("docker")
class DockerCompatibilityIT extends BackendCompatibilityKit {

    @Override
    protected BackendProvider provider() {
        return new DockerBackendProvider();
    }

    @Override
    protected BackendConfig config() {
        ItOwners.register(owner());
        ItOwners.register(owner() + "-other");
        return super.config();
    }

    @Override
    protected VnfSpec.Builder runnableSpec(String name) {
        return VnfSpec.builder(name, GuestKind.CONTAINER).memoryMiB(32);
    }

    @Override
    protected Set<String> engineObjectsOf(VnfInstance instance) {
        Set<String> objects = new LinkedHashSet<>();
        for (String id : DockerCli.containers(Ownership.INSTANCE + "=" + instance.name())) {
            if (id.equals(instance.id())) {
                objects.add("container " + id);
            }
        }
        for (String net : DockerCli.networks(Ownership.OWNER + "=" + owner())) {
            objects.add("network " + net);
        }
        return objects;
    }

    @Override
    protected List<VnfSpec> invalidSpecs(String name) {
        return List.of(
                runnableSpec(name).memoryMiB(5).build(),
                runnableSpec(name).option("colour", "blue").build(),
                runnableSpec(name).option("runtime", "no-such-runtime").build(),
                runnableSpec(name).image(ImageRef.container("nfvlv-no-such-image:0")).build(),
                runnableSpec(name).limits(ResourceLimits.none().withCpus(512)).build(),
                runnableSpec(name).network(NetworkAttachment.fixed("192.0.2.77")).build());
    }
}
